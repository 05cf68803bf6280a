/* Essaim search engine: reads the index written by essaim/search_index.py.
 *
 * window.EssaimRecherche.open(rootUrl) resolves to an engine whose search(state) gives the
 * matching resources (numbers, most relevant or most recent first) and, for every facet,
 * how many resources each value would give with the other filters kept. Only index.json
 * and the word files of the query are downloaded; cards(numbers) fetches the cards shown.
 * A resource must hold every word; when none does, those holding some of them come back
 * (partial); a word found nowhere is replaced by the closest indexed one (corrected).
 *
 * fold() and stem() must stay identical to their Python twins (a test compares them in
 * Chromium on every word of the real resources).
 */
(function () {
  "use strict";

  var COMBINING = /[\u0300-\u036f]/g;
  var TOKEN = /[0-9a-z]+/g;
  var DIGITS = /^[0-9]+$/;
  /* A word still being typed (no space after it) also finds longer words: « conv ». */
  var PREFIX_FACTOR = 0.8;
  /* Words shorter than this are never corrected (« loi » is not a slip of « lot »). */
  var MIN_CORRECTED = 5;

  /* Edit distance with swaps of two neighbouring letters (Damerau), stopping early above
     limit. */
  function editDistance(a, b, limit) {
    var previous2 = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var rowMin = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a.charAt(i - 1) === b.charAt(k - 1) ? 0 : 1;
        var value = Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost);
        if (previous2 && i > 1 && k > 1 && a.charAt(i - 1) === b.charAt(k - 2) &&
            a.charAt(i - 2) === b.charAt(k - 1)) {
          value = Math.min(value, previous2[k - 2] + 1);
        }
        current.push(value);
        if (value < rowMin) rowMin = value;
      }
      if (rowMin > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(COMBINING, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  function stem(word) {
    if (DIGITS.test(word)) return word;
    var last = word.charAt(word.length - 1);
    if (word.length > 5 && word.slice(-3) === "aux") {
      word = word.slice(0, -3) + "al";
    } else if (word.length > 3 && (last === "s" || last === "x") && word.charAt(word.length - 2) !== "s") {
      word = word.slice(0, -1);
    }
    while (word.length > 4 && word.charAt(word.length - 1) === "e") word = word.slice(0, -1);
    return word;
  }

  /* The terms of a text, as the index stores them (stop words left out). */
  function terms(text, stopWords) {
    var found = [];
    (fold(text).match(TOKEN) || []).forEach(function (word) {
      if (word.length > 1 && !stopWords.has(word)) found.push(stem(word));
    });
    return found;
  }

  /* The terms of a query; the last one is a prefix while the person is still typing it. */
  function analyse(query, stopWords) {
    var folded = fold(query);
    var words = folded.match(TOKEN) || [];
    var typing = /[0-9a-z]$/.test(folded);
    var seen = {};
    var out = [];
    words.forEach(function (word, i) {
      if (word.length < 2 || stopWords.has(word)) return;
      var term = { term: stem(word), prefix: typing && i === words.length - 1 };
      var key = term.term + (term.prefix ? "*" : "");
      if (!seen[key]) {
        seen[key] = true;
        out.push(term);
      }
    });
    return out;
  }

  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    });
  }

  function Engine(base, index) {
    this.base = base;
    this.index = index;
    this.n = index.ressources;
    this.stopWords = new Set(index.mots_vides);
    this.files = {};
    this.firstTerms = index.mots.map(function (entry) { return entry[0]; });
    var values = {};
    Object.keys(index.facettes).forEach(function (facet) {
      var number = {};
      index.facettes[facet].forEach(function (value, i) { number[value] = i; });
      values[facet] = number;
    });
    this.valueNumbers = values;
  }

  Engine.prototype.load = function (file) {
    if (!this.files[file]) {
      /* Named after their content: a cached copy is always right. */
      this.files[file] = fetchJson(new URL(file, this.base).href);
    }
    return this.files[file];
  };

  /* Index of the word file that would hold a term (the last one starting at or before it). */
  Engine.prototype.chunkOf = function (term) {
    var low = 0;
    var high = this.firstTerms.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (this.firstTerms[middle] <= term) low = middle;
      else high = middle - 1;
    }
    return low;
  };

  /* Resolves to [{postings, exact, near}] for every indexed term the query term covers;
     a term found nowhere is replaced by the closest indexed one (a typing slip). */
  Engine.prototype.lookup = function (query) {
    var self = this;
    var first = this.chunkOf(query.term);
    var last = query.prefix ? this.chunkOf(query.term + "\uffff") : first;
    return this.chunks(first, last).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        if (!query.prefix) {
          if (chunk[query.term]) found.push({ postings: chunk[query.term], exact: true });
          return;
        }
        Object.keys(chunk).forEach(function (term) {
          if (term.lastIndexOf(query.term, 0) === 0) {
            found.push({ postings: chunk[term], exact: term === query.term });
          }
        });
      });
      if (found.length || query.term.length < MIN_CORRECTED) return found;
      /* Neighbouring words in alphabetical order share their beginning with the term. */
      return self.chunks(Math.max(0, first - 1), Math.min(self.firstTerms.length - 1, last + 1))
        .then(function (near) { return self.closest(query.term, near); });
    });
  };

  Engine.prototype.chunks = function (first, last) {
    var wanted = [];
    for (var i = first; i <= last; i++) wanted.push(this.load(this.index.mots[i][1]));
    return Promise.all(wanted);
  };

  /* The indexed term closest to a term no resource holds: at most one letter off for a
     short word, two for a longer one (an extra, missing, wrong or swapped letter); the
     most widespread when several are as close. */
  Engine.prototype.closest = function (term, chunks) {
    var limit = term.length < 8 ? 1 : 2;
    var best = null;
    chunks.forEach(function (chunk) {
      Object.keys(chunk).forEach(function (candidate) {
        if (Math.abs(candidate.length - term.length) > limit) return;
        var distance = editDistance(term, candidate, limit);
        if (distance > limit) return;
        var postings = chunk[candidate];
        if (!best || distance < best.distance ||
            (distance === best.distance && postings.length > best.postings.length)) {
          best = { postings: postings, distance: distance };
        }
      });
    });
    return best ? [{ postings: best.postings, exact: false, near: true }] : [];
  };

  Engine.prototype.idf = function (frequency) {
    return Math.log(1 + (this.n - frequency + 0.5) / (frequency + 0.5));
  };

  /* For every resource: the sum of its scores over the query's terms, and how many of
     the terms it holds. Null when the query has no words. */
  Engine.prototype.scores = function (queryTerms) {
    var self = this;
    if (!queryTerms.length) return Promise.resolve(null);
    return Promise.all(queryTerms.map(function (t) { return self.lookup(t); })).then(function (perTerm) {
      var total = new Float64Array(self.n);
      var hits = new Uint8Array(self.n);
      var corrected = false;
      perTerm.forEach(function (expansions) {
        corrected = corrected || expansions.some(function (found) { return found.near; });
        var best = new Float64Array(self.n);
        expansions.forEach(function (found) {
          var postings = found.postings;
          var weight = self.idf(postings.length / 2) * (found.exact ? 1 : PREFIX_FACTOR);
          var doc = 0;
          for (var i = 0; i < postings.length; i += 2) {
            doc += postings[i];
            var score = weight * postings[i + 1];
            if (score > best[doc]) best[doc] = score;
          }
        });
        for (var doc = 0; doc < self.n; doc++) {
          if (best[doc] > 0) {
            total[doc] += best[doc];
            hits[doc] += 1;
          }
        }
      });
      return { total: total, hits: hits, terms: queryTerms.length, corrected: corrected };
    });
  };

  /* state: {q, tri: "" | "date", filters: {facet: [values]}}. */
  Engine.prototype.search = function (state) {
    var self = this;
    var queryTerms = analyse(state.q || "", this.stopWords);
    return this.scores(queryTerms).then(function (scores) {
      var found = self.select(state, scores, scores ? scores.terms : 0);
      if (!found.results.length && scores && scores.terms > 1) {
        /* No resource holds every word: those holding some of them, said so. */
        found = self.select(state, scores, 1);
        found.partial = found.results.length > 0;
      }
      found.terms = queryTerms.length;
      found.corrected = Boolean(scores && scores.corrected);
      return found;
    });
  };

  /* The resources holding at least `wanted` of the query's terms and matching the
     filters, sorted, with the count of every facet value. */
  Engine.prototype.select = function (state, scores, wanted) {
    var self = this;
    var facets = Object.keys(self.index.facettes);
    var columns = facets.map(function (facet) { return self.index.valeurs[facet]; });
    var chosen = facets.map(function (facet) {
      var values = (state.filters && state.filters[facet]) || [];
      if (!values.length) return null;
      var set = new Set();
      values.forEach(function (value) {
        if (value in self.valueNumbers[facet]) set.add(self.valueNumbers[facet][value]);
      });
      return set;
    });
    var counts = facets.map(function (facet) { return new Int32Array(self.index.facettes[facet].length); });
    var results = [];

    function valuesOf(f, doc) {
      var v = columns[f][doc];
      return typeof v === "number" ? [v] : v;
    }

    function add(f, doc) {
      valuesOf(f, doc).forEach(function (v) { counts[f][v] += 1; });
    }

    for (var doc = 0; doc < self.n; doc++) {
      if (scores && scores.hits[doc] < wanted) continue;
      var failed = -1;
      var fails = 0;
      for (var f = 0; f < facets.length && fails < 2; f++) {
        if (!chosen[f]) continue;
        var ok = valuesOf(f, doc).some(function (v) { return chosen[f].has(v); });
        if (!ok) {
          fails += 1;
          failed = f;
        }
      }
      if (fails === 0) {
        results.push(doc);
        for (var g = 0; g < facets.length; g++) add(g, doc);
      } else if (fails === 1) {
        add(failed, doc); /* what this value would give with the other filters kept */
      }
    }
    if (scores && state.tri !== "date") {
      var total = scores.total;
      results.sort(function (a, b) { return total[b] - total[a] || a - b; });
    }
    var byFacet = {};
    facets.forEach(function (facet, f) {
      var named = {};
      self.index.facettes[facet].forEach(function (value, i) { named[value] = counts[f][i]; });
      byFacet[facet] = named;
    });
    return { results: results, counts: byFacet, partial: false };
  };

  /* The cards of some resources, in the order given. */
  Engine.prototype.cards = function (numbers) {
    var self = this;
    var per = this.index.fiches_par_fichier;
    return Promise.all(numbers.map(function (number) {
      return self.load(self.index.fiches[Math.floor(number / per)]).then(function (file) {
        var c = file[number % per];
        return {
          slug: c[0], title: c[1], type: c[2], territory: c[3], summary: c[4], level: c[5],
          levelCode: c[6], spread: c[7]
        };
      });
    }));
  };

  var opened = {};

  function open(root) {
    var base = new URL("recherche/", root).href;
    if (!opened[base]) {
      /* index.json keeps its name: revalidated on every visit, so never stale. */
      opened[base] = fetchJson(base + "index.json", { cache: "no-cache" }).then(function (index) {
        return new Engine(base, index);
      });
      opened[base].catch(function () { delete opened[base]; });
    }
    return opened[base];
  }

  window.EssaimRecherche = {
    open: open, fold: fold, stem: stem, terms: terms, analyse: analyse, editDistance: editDistance
  };
})();
