/* Essaim catalogue: full-text search combined with facet filters.
 *
 * The engine is docs/assets/recherche.js (Essaim's own index, see essaim/search_index.py).
 * The whole state lives in the URL (?q=…&type=…&departement=…&tri=date), so a link
 * reproduces the same results and back/forward work: one history entry per settled state
 * (a filter or a submitted query adds one; the keystrokes of one typing session share
 * one). The facets are read from the page's form (data-facettes), not listed here.
 * Re-initialised on every page load of Material's instant navigation (document$).
 * Results, chips and explanations are built with DOM methods and textContent only: no
 * contributor text ever goes through innerHTML.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  /* Structures of the directory shown above the resources, at most. */
  var STRUCTURES_SHOWN = 3;
  var PHONE = "(max-width: 44.984375em)"; /* Material's own breakpoint for phones */
  var WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
  var generation = 0;

  function siteRoot() {
    /* Material defines __md_scope as the site's root URL. */
    return typeof __md_scope !== "undefined" ? __md_scope : new URL("/", location.href);
  }

  function loadEngine() {
    return window.EssaimRecherche.open(siteRoot());
  }

  /* The facets as the page describes them (the form's data-facettes, written from the
     FACETS table of essaim/pages/facets.py): key, French name, group of facets whose
     ticked values add up, and the kind of place of the search index it filters. */
  function described(form) {
    if (!form.essaimFacettes) {
      try {
        form.essaimFacettes = JSON.parse(form.dataset.facettes || "[]");
      } catch (error) {
        form.essaimFacettes = [];
      }
    }
    return form.essaimFacettes;
  }

  /* The facets' keys, in page order. */
  function facetsOf(form) {
    return described(form).map(function (facet) { return facet.cle; });
  }

  /* {facet key: group}: the engine adds up the filters of one group, and combines groups. */
  function groupsOf(form) {
    var groups = {};
    described(form).forEach(function (facet) { groups[facet.cle] = facet.groupe || facet.cle; });
    return groups;
  }

  /* {facet key: kind of place it filters ("r", "d")}, for the facets that filter places. */
  function placesOf(form) {
    var places = {};
    described(form).forEach(function (facet) { if (facet.lieu) places[facet.cle] = facet.lieu; });
    return places;
  }

  /* The facet that filters a place the query named (its kind in the search index). */
  function placeFacet(form, kind) {
    return described(form).filter(function (facet) { return facet.lieu && facet.lieu === kind; })[0];
  }

  function readState(facets) {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", tri: params.get("tri") === "date" ? "date" : "", filters: {} };
    facets.forEach(function (facet) {
      state.filters[facet] = params.getAll(facet);
    });
    return state;
  }

  function stateFromForm(form, facets) {
    var state = { q: form.elements.q.value, tri: form.elements.tri.value, filters: {} };
    facets.forEach(function (facet) {
      state.filters[facet] = Array.prototype.slice
        .call(form.querySelectorAll('input[name="' + facet + '"]:checked'))
        .map(function (input) { return input.value; });
    });
    return state;
  }

  function applyState(form, facets, state) {
    form.elements.q.value = state.q;
    form.elements.tri.value = state.tri;
    facets.forEach(function (facet) {
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (input) {
        input.checked = state.filters[facet].indexOf(input.value) !== -1;
      });
    });
  }

  function urlFor(facets, state) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q.trim());
    facets.forEach(function (facet) {
      state.filters[facet].forEach(function (value) { params.append(facet, value); });
    });
    if (state.tri) params.set("tri", state.tri);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  /* The label of a filter value, as the form writes it (without its count). */
  function optionLabel(form, facet, value) {
    var input = form.querySelector('input[name="' + facet + '"][value="' + CSS.escape(value) + '"]');
    if (!input) return value;
    if (input.dataset.puce) return input.dataset.puce;
    var label = input.closest("label");
    var text = "";
    label.childNodes.forEach(function (node) {
      if (node.nodeType === 3) text += node.textContent;
    });
    return text.trim() || value;
  }

  /* Each facet's checkboxes with their count badge, found once per page. */
  function options(form, facets) {
    if (!form.essaimOptions) {
      form.essaimOptions = facets.map(function (facet) {
        return Array.prototype.map.call(form.querySelectorAll('input[name="' + facet + '"]'), function (input) {
          return { input: input, badge: input.parentNode.querySelector(".essaim-nb"), shown: null };
        });
      });
    }
    return form.essaimOptions;
  }

  /* Only the counts that changed are written (no needless work for the page's layout). */
  function updateCounts(form, facets, found) {
    options(form, facets).forEach(function (list, f) {
      var counts = found.counts[facets[f]] || {};
      list.forEach(function (option) {
        var count = counts[option.input.value] || 0;
        var empty = count === 0 && !option.input.checked;
        if (option.shown === count && option.empty === empty) return;
        if (option.badge) option.badge.textContent = String(count);
        option.input.parentNode.classList.toggle("essaim-option--vide", empty);
        option.shown = count;
        option.empty = empty;
      });
    });
  }

  /* Text with the words of the query marked: text nodes and <mark> elements only. */
  function highlighted(text, wanted) {
    var fragment = document.createDocumentFragment();
    if (!wanted.size) {
      fragment.appendChild(document.createTextNode(text));
      return fragment;
    }
    var engine = window.EssaimRecherche;
    var last = 0;
    text.replace(WORD, function (word, offset) {
      var parts = engine.fold(word).match(/[0-9a-z]+/g) || [];
      var whole = engine.stem(parts.join(""));
      var hit = wanted.has(whole) || parts.some(function (part) { return wanted.has(engine.stem(part)); });
      if (hit) {
        if (offset > last) fragment.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        fragment.appendChild(mark);
        last = offset + word.length;
      }
      return word;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function card(data, wanted) {
    var article = document.createElement("article");
    article.className = "essaim-carte";
    var heading = document.createElement("h3");
    heading.className = "essaim-carte__titre";
    var link = document.createElement("a");
    link.href = new URL("ressources/" + encodeURIComponent(data.slug) + "/", siteRoot()).href;
    link.appendChild(highlighted(data.title, wanted));
    heading.appendChild(link);
    var facts = document.createElement("p");
    facts.className = "essaim-carte__meta";
    facts.textContent = [data.type, data.territory].filter(Boolean).join(" · ");
    var summary = document.createElement("p");
    summary.className = "essaim-carte__resume";
    summary.appendChild(highlighted(data.summary || "", wanted));
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

  /* A structure of the directory (« Qui peut vous aider »): a card of its own kind. */
  function structureCard(data, wanted) {
    var article = element("article", "essaim-carte essaim-carte--structure");
    article.appendChild(element("p", "essaim-carte__genre", "Structure d'accompagnement"));
    var heading = element("h4", "essaim-carte__titre");
    var link = document.createElement("a");
    link.href = new URL("annuaire/" + encodeURIComponent(data.slug) + "/", siteRoot()).href;
    link.appendChild(highlighted(data.title, wanted));
    heading.appendChild(link);
    article.append(heading, element("p", "essaim-carte__meta", [data.kind, data.territory].filter(Boolean).join(" · ")));
    if (data.summary) {
      var summary = element("p", "essaim-carte__resume");
      summary.appendChild(highlighted(data.summary, wanted));
      article.appendChild(summary);
    }
    var helps = [data.helps, data.marks].filter(Boolean).join(" · ");
    if (helps) article.appendChild(element("p", "essaim-carte__aides", "Aide : " + helps));
    return article;
  }

  /* The structures a query asks for, above the resources: the first few, then the directory. */
  function showStructures(found, wanted) {
    var box = document.getElementById("essaim-structures");
    if (!box) return;
    var list = box.querySelector(".essaim-cartes");
    list.replaceChildren();
    var structures = found ? found.structures || [] : [];
    structures.slice(0, STRUCTURES_SHOWN).forEach(function (data) {
      list.appendChild(structureCard(data, wanted));
    });
    var title = document.getElementById("essaim-structures-titre");
    if (title) {
      var more = structures.length > STRUCTURES_SHOWN ? " (" + STRUCTURES_SHOWN + " sur " + structures.length + ")" : "";
      title.textContent = (structures.length > 1 ? "Structures qui peuvent vous aider" : "Une structure qui peut vous aider") + more;
    }
    var hint = box.querySelector(".essaim-structures__lieu");
    var matched = found ? found.structuresMatched || 0 : 0;
    if (!structures.length && matched) {
      /* many structures and no place: say how many, and ask where */
      if (!hint) {
        hint = element("p", "essaim-structures__lieu");
        list.after(hint);
      }
      hint.textContent = (matched > 1 ? matched + " structures de l'annuaire correspondent" :
        "Une structure de l'annuaire correspond") + ". Ajoutez une ville ou un département " +
        "(par exemple « maison des associations Marseille ») pour voir celles de votre territoire.";
      title.textContent = matched > 1 ? "Structures qui peuvent vous aider" : "Une structure qui peut vous aider";
    } else if (hint) {
      hint.remove();
    }
    box.hidden = !structures.length && !matched;
  }

  /* One page of cards, added in one go (items: the cards' data, fetched beforehand). The
     first page replaces the previous results; « Afficher plus » adds the next one. */
  function showCards(engine, container, more, results, start, items, wanted, focusFirst) {
    var fragment = document.createDocumentFragment();
    var first = null;
    items.forEach(function (data) {
      var element = card(data, wanted);
      if (!first) first = element;
      fragment.appendChild(element);
    });
    if (start === 0) container.replaceChildren(fragment);
    else container.appendChild(fragment);
    more.hidden = start + PAGE_SIZE >= results.length;
    more.onclick = function () {
      var next = start + PAGE_SIZE;
      engine.cards(results.slice(next, next + PAGE_SIZE)).then(function (page) {
        showCards(engine, container, more, results, next, page, wanted, true);
      });
    };
    /* « Afficher plus »: the keyboard goes on from the first new card */
    if (focusFirst && first) first.querySelector("a").focus();
  }

  function hasCriteria(facets, state) {
    return state.q.trim() !== "" || facets.some(function (facet) { return state.filters[facet].length; });
  }

  function quoted(text) {
    return "« " + text + " »";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* What the page says about the query: corrected words, synonyms and places used, and
     when nothing matches well, close words, broader filters and « Proposer une ressource ». */
  function explain(form, facets, state, found, refresh) {
    var box = document.getElementById("essaim-explications");
    if (!box) return;
    box.replaceChildren();
    var lines = [];
    (found.corrections || []).forEach(function (c) {
      lines.push(quoted(c.from) + " ne figure dans aucune ressource : recherche faite avec " + quoted(c.to) + ".");
    });
    var synonyms = (found.synonyms || []).map(function (s) {
      return s.used.map(quoted).join(", ") + " pour " + quoted(s.word);
    });
    if (synonyms.length) lines.push("Synonymes cherchés aussi : " + synonyms.join(" ; ") + ".");
    (found.places || []).forEach(function (p) {
      var facet = placeFacet(form, p.kind);
      if (!facet) return;
      var name = optionLabel(form, facet.cle, p.code);
      lines.push(quoted(p.label) + " : les ressources " + facet.lieu_texte + " " + (name === p.code ? p.code : name) +
        " passent en tête.");
    });
    if (lines.length) box.appendChild(element("p", "essaim-explication", lines.join(" ")));
    var propose = document.getElementById("essaim-proposer");
    if (propose) propose.hidden = !found.weak;
    if (!found.weak) return;
    var close = found.suggestions || [];
    if (close.length) {
      var line = element("p", "essaim-explication", "Mots proches présents dans les ressources : ");
      close.forEach(function (word, i) {
        var button = element("button", "essaim-mot-proche", word);
        button.type = "button";
        button.addEventListener("click", function () {
          form.elements.q.value = word;
          refresh(true);
        });
        if (i) line.appendChild(document.createTextNode(" "));
        line.appendChild(button);
      });
      box.appendChild(line);
    }
    var active = [];
    facets.forEach(function (facet) {
      state.filters[facet].forEach(function (value) { active.push(optionLabel(form, facet, value)); });
    });
    if (active.length) {
      box.appendChild(element("p", "essaim-explication",
        "Filtres actifs : " + active.join(", ") + ". Retirez-en un (bouton ✕ ci-dessus) pour élargir la recherche."));
    }
  }

  /* Active filters as removable chips above the results, on every width. */
  function chips(form, facets, state, refresh) {
    var box = document.getElementById("essaim-puces");
    if (!box) return;
    box.replaceChildren();
    facets.forEach(function (facet) {
      state.filters[facet].forEach(function (value) {
        var label = optionLabel(form, facet, value);
        var button = element("button", "essaim-puce");
        button.type = "button";
        button.setAttribute("aria-label", "Retirer le filtre " + label);
        button.append(element("span", "", label), element("span", "essaim-puce__croix", "✕"));
        button.addEventListener("click", function () {
          var input = form.querySelector('input[name="' + facet + '"][value="' + CSS.escape(value) + '"]');
          if (input) input.checked = false;
          refresh(true);
          var next = box.querySelector("button") || form.elements.q;
          if (next) next.focus();
        });
        box.appendChild(button);
      });
    });
    box.hidden = !box.childNodes.length;
  }

  function run(form, facets, state, refresh, since) {
    chips(form, facets, state, refresh);
    if (!hasCriteria(facets, state) && form.essaimInitial) {
      form.essaimInitial();
      return Promise.resolve();
    }
    var token = ++generation;
    form.dataset.pret = "non";
    var status = document.getElementById("essaim-statut");
    var container = document.getElementById("essaim-resultats");
    var more = document.getElementById("essaim-plus");
    var started = since || performance.now();
    var engine = null;
    return loadEngine()
      .then(function (loaded) {
        engine = loaded;
        state.groups = groupsOf(form);
        state.places = placesOf(form);
        return engine.search(state);
      })
      .then(function (found) {
        if (token !== generation) return null;
        /* the first page's cards are fetched before the page changes: then everything is
           written at once (one layout, no empty list between two keystrokes) */
        return engine.cards(found.results.slice(0, PAGE_SIZE)).then(function (items) {
          return { found: found, items: items };
        });
      })
      .then(function (answer) {
        if (!answer || token !== generation) return;
        var found = answer.found;
        updateCounts(form, facets, found);
        container.className = "essaim-cartes";
        var results = found.results;
        var n = results.length;
        var order = state.tri === "date" || !found.terms
          ? "les plus récentes d'abord."
          : "les plus pertinentes d'abord.";
        var query = state.q.trim();
        var near = found.corrected ? "Mots introuvables remplacés par les plus proches. " : "";
        if (n === 0) {
          status.textContent = near + "Aucune ressource ne correspond. Essayez d'autres mots ou retirez un filtre.";
        } else if (found.partial) {
          status.textContent = near + "Aucune ressource ne contient tous ces mots. " + n +
            (n > 1 ? " en contiennent une partie, " : " en contient une partie, ") + order;
        } else if (found.resourcesWeak) {
          status.textContent = near + "Aucune ressource ne traite vraiment de " + quoted(query) +
            " : ces mots figurent surtout dans le corps des textes. " + n +
            (n > 1 ? " ressources les contiennent, " : " ressource les contient, ") + order;
        } else if (found.terms > 1 && found.full < n) {
          status.textContent = near + found.full +
            (found.full > 1 ? " ressources contiennent tous les mots, puis " : " ressource contient tous les mots, puis ") +
            (n - found.full) + " en contiennent une partie ; " + order;
        } else {
          status.textContent = near + n + (n > 1 ? " ressources trouvées, " : " ressource trouvée, ") + order;
        }
        explain(form, facets, state, found, refresh);
        var see = document.getElementById("essaim-voir");
        if (see) see.textContent = n > 1 ? "Voir les " + n + " résultats" : (n === 1 ? "Voir le résultat" : "Aucun résultat");
        var wanted = new Set(found.highlight || []);
        showStructures(found, wanted);
        showCards(engine, container, more, results, 0, answer.items, wanted, false);
        /* measured up to the next frame, the one that shows the results (a hidden tab
           draws no frame: then a tenth of a second at most) */
        return new Promise(function (resolve) {
          var done = false;
          function shown() {
            if (done) return;
            done = true;
            if (token === generation) {
              form.dataset.duree = String(Math.round(performance.now() - started));
              form.dataset.recherches = String((Number(form.dataset.recherches) || 0) + 1);
              form.dataset.pret = "oui";
            }
            resolve();
          }
          requestAnimationFrame(shown);
          setTimeout(shown, 100);
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
    var facets = facetsOf(form);
    /* The keystrokes of one typing session share one history entry. */
    var typing = false;
    /* No waiting after a keystroke: the search starts at once. While one runs, further
       keystrokes wait for it and then make a single search of what is typed by then. */
    var searching = null;
    var pending = false;
    /* when the last key was pressed (the page measures from there to the cards shown) */
    var keystroke = 0;

    function refresh(push, since) {
      var state = stateFromForm(form, facets);
      var url = urlFor(facets, state);
      if (url !== location.pathname + location.search) {
        history[push ? "pushState" : "replaceState"](history.state, "", url);
      }
      return run(form, facets, state, settle, since);
    }

    function typed(event) {
      if (event && event.timeStamp) keystroke = event.timeStamp;
      if (searching) {
        pending = true;
        return;
      }
      var first = !typing;
      typing = true;
      searching = refresh(first, keystroke);
      keystroke = 0;
      searching.then(next, next);
    }

    function next() {
      searching = null;
      if (pending) {
        pending = false;
        typed();
      }
    }

    function settle(push) {
      typing = false;
      pending = false;
      refresh(push);
    }
    form.essaimSettle = settle;
    form.essaimStopTyping = function () {
      typing = false;
      pending = false;
    };

    /* Until a word or a filter is given, the page shows the most recent resources it was
       built with, and the search index is not downloaded at all. */
    var initial = document.getElementById("essaim-resultats").cloneNode(true);
    var initialStatus = document.getElementById("essaim-statut").textContent;
    form.essaimInitial = function () {
      generation++;
      document.getElementById("essaim-resultats").replaceWith(initial.cloneNode(true));
      document.getElementById("essaim-statut").textContent = initialStatus;
      document.getElementById("essaim-plus").hidden = true;
      var box = document.getElementById("essaim-explications");
      if (box) box.replaceChildren();
      var propose = document.getElementById("essaim-proposer");
      if (propose) propose.hidden = true;
      showStructures(null, new Set());
      var see = document.getElementById("essaim-voir");
      if (see) see.textContent = "Voir les résultats";
      form.dataset.pret = "oui";
    };
    var state = readState(facets);
    applyState(form, facets, state);
    /* On a phone, the results come right after the search box: the filters, and each
       group of them, stay folded unless one of their values is chosen. */
    if (window.matchMedia(PHONE).matches) {
      form.querySelectorAll("details.essaim-facettes, details.essaim-facette").forEach(function (group) {
        group.open = Boolean(group.querySelector("input:checked"));
      });
    }
    if (hasCriteria(facets, state)) run(form, facets, state, settle);
    else {
      chips(form, facets, state, settle);
      form.dataset.pret = "oui";
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      /* a submitted query is a settled state; its typing session already has an entry */
      var pushed = typing;
      settle(!pushed);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "q" && event.target.name) settle(true);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { settle(true); }, 0);
    });
    form.elements.q.addEventListener("input", typed);
    /* « Voir les N résultats »: from the filters to the results, on a phone. */
    var see = document.getElementById("essaim-voir");
    if (see) {
      see.addEventListener("click", function () {
        var target = document.getElementById("essaim-statut");
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      });
    }
  }

  /* Back and forward between states of the catalogue, without reloading the page. */
  window.addEventListener("popstate", function () {
    var form = document.getElementById("essaim-catalogue");
    if (form && form.dataset.initialise) {
      var facets = facetsOf(form);
      var state = readState(facets);
      form.essaimStopTyping();
      applyState(form, facets, state);
      run(form, facets, state, form.essaimSettle);
    }
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
