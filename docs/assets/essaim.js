/* Essaim: « Retour aux résultats » on a resource page reached from the catalogue.
   Progressive enhancement: without this script the page keeps its breadcrumb. The
   catalogue keeps its whole state (words, filters, sort) in its address, so the address
   it was left from is the way back; it is remembered for the tab (sessionStorage) while
   the visitor moves from resource to resource. */
(function () {
  "use strict";
  var KEY = "essaim-resultats";
  function start() {
    var back = document.querySelector(".essaim-retour");
    if (!back) return;
    var from = null;
    try {
      var ref = document.referrer ? new URL(document.referrer) : null;
      var catalogue = new URL(back.getAttribute("href"), location.href);
      if (ref && ref.origin === location.origin) {
        if (ref.pathname === catalogue.pathname) {
          from = ref.href;
          sessionStorage.setItem(KEY, from);
        } else if (ref.pathname.indexOf("/ressources/") !== -1) {
          from = sessionStorage.getItem(KEY);
        }
      }
      if (!from) sessionStorage.removeItem(KEY);
    } catch (e) {
      from = null; /* no URL support or storage refused: the breadcrumb stays */
    }
    if (from) {
      back.href = from;
      back.hidden = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Essaim: the header's search (overrides/partials/essaim-recherche-entete.html). On a page
   with a search field of its own, the magnifier focuses that field. Elsewhere, on a phone,
   the magnifier opens the header's field over the header (Escape or the arrow closes it,
   focus back on the magnifier); without this script it is a link to the catalogue. */
(function () {
  "use strict";
  function start() {
    var loupe = document.querySelector(".essaim-entete-loupe");
    if (!loupe) return;
    if (loupe.classList.contains("essaim-entete-loupe--page")) {
      loupe.addEventListener("click", function (event) {
        var field = document.getElementById(loupe.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        field.scrollIntoView({ block: "center" });
        field.focus({ preventScroll: true });
      });
      return;
    }
    var form = document.getElementById("essaim-entete-recherche");
    if (!form) return;
    var close = form.querySelector(".essaim-entete-fermer");
    var OPEN = "essaim-entete-recherche--ouverte";
    loupe.setAttribute("role", "button");
    loupe.setAttribute("aria-expanded", "false");
    loupe.setAttribute("aria-controls", form.id);
    function open(event) {
      event.preventDefault();
      form.classList.add(OPEN);
      loupe.setAttribute("aria-expanded", "true");
      form.elements.q.focus();
    }
    function shut() {
      form.classList.remove(OPEN);
      loupe.setAttribute("aria-expanded", "false");
      loupe.focus();
    }
    loupe.addEventListener("click", open);
    loupe.addEventListener("keydown", function (event) {
      if (event.key === " ") open(event); /* a button opens on Space too */
    });
    close.addEventListener("click", shut);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && form.classList.contains(OPEN)) shut();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
