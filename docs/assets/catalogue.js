/* Essaim catalogue: full-text search combined with facet filters.
 *
 * The engine is docs/assets/recherche.js (Essaim's own index, see essaim/search_index.py).
 * The whole state lives in the URL (?q=…&type=…&departement=…&tri=date), so a link
 * reproduces the same results and back/forward work. Re-initialised on every page
 * load of Material's instant navigation (document$). Results are built with DOM
 * methods and textContent only: no contributor text ever goes through innerHTML.
 */
(function () {
  "use strict";

  var FACETS = ["type", "niveau", "region", "departement", "cercle", "contribution", "famille", "theme", "public"];
  var PAGE_SIZE = 10;
  var PHONE = "(max-width: 44.984375em)"; /* Material's own breakpoint for phones */
  var generation = 0;

  function siteRoot() {
    /* Material defines __md_scope as the site's root URL. */
    return typeof __md_scope !== "undefined" ? __md_scope : new URL("/", location.href);
  }

  function loadEngine() {
    return window.EssaimRecherche.open(siteRoot());
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", tri: params.get("tri") === "date" ? "date" : "", filters: {} };
    FACETS.forEach(function (facet) {
      state.filters[facet] = params.getAll(facet);
    });
    return state;
  }

  function stateFromForm(form) {
    var state = { q: form.elements.q.value, tri: form.elements.tri.value, filters: {} };
    FACETS.forEach(function (facet) {
      state.filters[facet] = Array.prototype.slice
        .call(form.querySelectorAll('input[name="' + facet + '"]:checked'))
        .map(function (input) { return input.value; });
    });
    return state;
  }

  function applyState(form, state) {
    form.elements.q.value = state.q;
    form.elements.tri.value = state.tri;
    FACETS.forEach(function (facet) {
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (input) {
        input.checked = state.filters[facet].indexOf(input.value) !== -1;
      });
    });
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q.trim());
    FACETS.forEach(function (facet) {
      state.filters[facet].forEach(function (value) { params.append(facet, value); });
    });
    if (state.tri) params.set("tri", state.tri);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function updateCounts(form, found) {
    FACETS.forEach(function (facet) {
      var counts = found.counts[facet] || {};
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (input) {
        var count = counts[input.value] || 0;
        var badge = input.parentNode.querySelector(".essaim-nb");
        if (badge) badge.textContent = String(count);
        input.parentNode.classList.toggle("essaim-option--vide", count === 0 && !input.checked);
      });
    });
  }

  function card(data) {
    var article = document.createElement("article");
    article.className = "essaim-carte";
    var heading = document.createElement("h3");
    heading.className = "essaim-carte__titre";
    var link = document.createElement("a");
    link.href = new URL("ressources/" + encodeURIComponent(data.slug) + "/", siteRoot()).href;
    link.textContent = data.title;
    heading.appendChild(link);
    var facts = document.createElement("p");
    facts.className = "essaim-carte__meta";
    facts.textContent = [data.type, data.territory].filter(Boolean).join(" · ");
    var summary = document.createElement("p");
    summary.className = "essaim-carte__resume";
    summary.textContent = data.summary || "";
    var badgeLine = document.createElement("p");
    var badge = document.createElement("span");
    badge.className = "essaim-badge essaim-badge--" + (data.levelCode || "non-evaluee").replace(/[^a-z-]/g, "");
    badge.textContent = data.level || "";
    badgeLine.appendChild(badge);
    article.append(heading, facts, summary, badgeLine);
    if (data.spread) {
      /* where it was tried, as on the cards of the listing pages */
      var spread = document.createElement("p");
      spread.className = "essaim-carte__essais";
      spread.textContent = data.spread;
      article.append(spread);
    }
    return article;
  }

  function showResults(engine, container, more, results, start) {
    return engine.cards(results.slice(start, start + PAGE_SIZE)).then(function (items) {
      items.forEach(function (data) { container.appendChild(card(data)); });
      more.hidden = start + PAGE_SIZE >= results.length;
      more.onclick = function () {
        showResults(engine, container, more, results, start + PAGE_SIZE);
      };
    });
  }

  function hasCriteria(state) {
    return state.q.trim() !== "" || FACETS.some(function (facet) { return state.filters[facet].length; });
  }

  function run(form, state) {
    if (!hasCriteria(state) && form.essaimInitial) {
      form.essaimInitial();
      return Promise.resolve();
    }
    var token = ++generation;
    form.dataset.pret = "non";
    var status = document.getElementById("essaim-statut");
    var container = document.getElementById("essaim-resultats");
    var more = document.getElementById("essaim-plus");
    var started = performance.now();
    var engine = null;
    return loadEngine()
      .then(function (loaded) {
        engine = loaded;
        return engine.search(state);
      })
      .then(function (found) {
        if (token !== generation) return;
        updateCounts(form, found);
        container.replaceChildren();
        container.className = "essaim-cartes";
        var results = found.results;
        var n = results.length;
        var order = state.tri === "date" || !found.terms
          ? "les plus récentes d'abord."
          : "les plus pertinentes d'abord.";
        var near = found.corrected ? "Mots introuvables remplacés par les plus proches. " : "";
        if (n === 0) {
          status.textContent = near + "Aucune ressource ne correspond. Essayez d'autres mots ou retirez un filtre.";
        } else if (found.partial) {
          status.textContent = near + "Aucune ressource ne contient tous ces mots. " + n +
            (n > 1 ? " en contiennent une partie, " : " en contient une partie, ") + order;
        } else {
          status.textContent = near + n + (n > 1 ? " ressources trouvées, " : " ressource trouvée, ") + order;
        }
        return showResults(engine, container, more, results, 0).then(function () {
          if (token !== generation) return;
          form.dataset.duree = String(Math.round(performance.now() - started));
          form.dataset.recherches = String((Number(form.dataset.recherches) || 0) + 1);
          form.dataset.pret = "oui";
        });
      })
      .catch(function () {
        if (token !== generation) return;
        status.textContent = "La recherche n'a pas pu se charger. Parcourez le catalogue par type ou par territoire.";
      });
  }

  function init() {
    var form = document.getElementById("essaim-catalogue");
    if (!form || form.dataset.initialise) return;
    form.dataset.initialise = "oui";
    document.documentElement.classList.add("essaim-js");
    var timer = null;

    function refresh(push) {
      var state = stateFromForm(form);
      var url = urlFor(state);
      if (url !== location.pathname + location.search) {
        history[push ? "pushState" : "replaceState"](history.state, "", url);
      }
      run(form, state);
    }

    /* Until a word or a filter is given, the page shows the most recent resources it was
       built with, and the search index is not downloaded at all. */
    var initial = document.getElementById("essaim-resultats").cloneNode(true);
    var initialStatus = document.getElementById("essaim-statut").textContent;
    form.essaimInitial = function () {
      generation++;
      document.getElementById("essaim-resultats").replaceWith(initial.cloneNode(true));
      document.getElementById("essaim-statut").textContent = initialStatus;
      document.getElementById("essaim-plus").hidden = true;
      form.dataset.pret = "oui";
    };
    var state = readState();
    applyState(form, state);
    /* On a phone, the results come right after the search box: the filters, and each
       group of them, stay folded unless one of their values is chosen. */
    if (window.matchMedia(PHONE).matches) {
      form.querySelectorAll("details.essaim-facettes, details.essaim-facette").forEach(function (group) {
        group.open = Boolean(group.querySelector("input:checked"));
      });
    }
    if (hasCriteria(state)) run(form, state);
    else form.dataset.pret = "oui";

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      refresh(true);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "q") refresh(true);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { refresh(true); }, 0);
    });
    form.elements.q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(false); }, 120);
    });
  }

  /* Back and forward between states of the catalogue, without reloading the page. */
  window.addEventListener("popstate", function () {
    var form = document.getElementById("essaim-catalogue");
    if (form && form.dataset.initialise) {
      var state = readState();
      applyState(form, state);
      run(form, state);
    }
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
