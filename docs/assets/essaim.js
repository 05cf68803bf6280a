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
