/* Essaim catalogue: full-text search (Pagefind) combined with facet filters.
 *
 * The whole state lives in the URL (?q=…&type=…&departement=…&tri=date), so a link
 * reproduces the same results and back/forward work. Re-initialised on every page
 * load of Material's instant navigation (document$). Results are built with DOM
 * methods and textContent only: no contributor text ever goes through innerHTML.
 */
(function () {
  "use strict";

  var FACETS = ["type", "niveau", "region", "departement", "cercle", "theme", "public"];
  var PAGE_SIZE = 10;
  var pagefind = null;
  var generation = 0;

  function siteRoot() {
    /* Material defines __md_scope as the site's root URL. */
    return typeof __md_scope !== "undefined" ? __md_scope : new URL("/", location.href);
  }

  function loadPagefind() {
    if (!pagefind) {
      var root = siteRoot();
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: new URL(".", root).pathname }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return pagefind;
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

  function pagefindFilters(state, except) {
    /* Pagefind counts the values of a filter only when that filter is in the query:
       a free facet is sent as {none: []}, which excludes nothing. */
    var filters = {};
    FACETS.forEach(function (facet) {
      var chosen = facet !== except && state.filters[facet].length;
      filters[facet] = chosen ? { any: state.filters[facet] } : { none: [] };
    });
    return filters;
  }

  function search(pf, state, except) {
    var options = { filters: pagefindFilters(state, except) };
    /* Without words there is no relevance: the most recent resources come first. */
    if (state.tri === "date" || !state.q.trim()) options.sort = { date: "desc" };
    /* With no words, Pagefind lists every page matching the filters. */
    return pf.search(state.q.trim() || null, options);
  }

  function updateCounts(form, state, main, perFacet) {
    FACETS.forEach(function (facet) {
      var counts = (state.filters[facet].length ? perFacet[facet] : main.filters[facet]) || {};
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (input) {
        var count = counts[input.value] || 0;
        var badge = input.parentNode.querySelector(".essaim-nb");
        if (badge) badge.textContent = String(count);
        input.parentNode.classList.toggle("essaim-option--vide", count === 0 && !input.checked);
      });
    });
  }

  function card(data) {
    var meta = data.meta || {};
    var article = document.createElement("article");
    article.className = "essaim-carte";
    var heading = document.createElement("h3");
    heading.className = "essaim-carte__titre";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    var facts = document.createElement("p");
    facts.className = "essaim-carte__meta";
    facts.textContent = [meta.type, meta.territoire].filter(Boolean).join(" · ");
    var summary = document.createElement("p");
    summary.className = "essaim-carte__resume";
    summary.textContent = meta.resume || "";
    var badgeLine = document.createElement("p");
    var badge = document.createElement("span");
    badge.className = "essaim-badge essaim-badge--" + (meta.niveau_code || "non-evaluee").replace(/[^a-z-]/g, "");
    badge.textContent = meta.niveau || "";
    badgeLine.appendChild(badge);
    article.append(heading, facts, summary, badgeLine);
    return article;
  }

  function showResults(container, more, results, start) {
    var slice = results.slice(start, start + PAGE_SIZE);
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (items) {
      items.forEach(function (data) { container.appendChild(card(data)); });
      more.hidden = start + PAGE_SIZE >= results.length;
      more.onclick = function () {
        showResults(container, more, results, start + PAGE_SIZE);
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
    return loadPagefind()
      .then(function (pf) {
        var facetsWithSelection = FACETS.filter(function (facet) { return state.filters[facet].length; });
        return Promise.all([search(pf, state)].concat(facetsWithSelection.map(function (facet) {
          return search(pf, state, facet);
        }))).then(function (found) {
          var perFacet = {};
          facetsWithSelection.forEach(function (facet, index) { perFacet[facet] = found[index + 1].filters[facet]; });
          return { main: found[0], perFacet: perFacet };
        });
      })
      .then(function (found) {
        if (token !== generation) return;
        updateCounts(form, state, found.main, found.perFacet);
        container.replaceChildren();
        container.className = "essaim-cartes";
        var results = found.main.results;
        var n = results.length;
        status.textContent = n === 0
          ? "Aucune ressource ne correspond. Essayez d'autres mots ou retirez un filtre."
          : n + (n > 1 ? " ressources trouvées" : " ressource trouvée") +
            (state.tri === "date" || !state.q.trim() ? ", les plus récentes d'abord." : ", les plus pertinentes d'abord.");
        return showResults(container, more, results, 0).then(function () {
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
