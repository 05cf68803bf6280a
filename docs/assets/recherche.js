/* Essaim search engine: reads the index written by essaim/search_index.py.
 *
 * window.EssaimRecherche.open(rootUrl) resolves to an engine whose search(state) gives the
 * matching resources (numbers, most relevant or most recent first) and, for every facet,
 * how many resources each value would give with the other filters kept. Only index.json
 * and the files the query needs are downloaded; cards(numbers) fetches the cards shown.
 *
 * A query becomes a list of concepts: a place (« Val-de-Marne », « 94 », « Marseille »),
 * or a word with its synonyms (vocabularies/synonymes.yml: « PV » is also « procès-verbal »
 * and « compte rendu »). Question words are left out (« comment », « je cherche »). A word
 * no resource holds is replaced by the closest indexed word, wherever the slip is. Ranking
 * is graded: the more concepts a resource matches (weighted by how rare they are), the
 * higher it ranks; a word in the title, summary or metadata weighs more than in the body;
 * a word naming a type (« modèle ») or a place lifts the resources of that type or place.
 * The answer says when nothing matches well (weak), which word was corrected and which
 * synonym or place was used.
 *
 * fold() and stem() must stay identical to their Python twins (a test compares them in
 * Chromium on every word of the real resources).
 */
(function () {
  "use strict";

  var COMBINING = /[\u0300-\u036f]/g;
  var TOKEN = /[0-9a-z]+/g;
  var WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
  var DIGITS = /^[0-9]+$/;
  /* A word still being typed (no space after it) also finds longer words: « conv »; less
     so when the word typed is itself indexed (« bénévole » is not « bénévolat »). */
  var PREFIX_FACTOR = 0.8;
  var PREFIX_FACTOR_AFTER_EXACT = 0.5;
  /* Postings hold weight + LEVEL_STEP × level (2 title, 1 summary or metadata, 0 body). */
  var LEVEL_STEP = 100;
  /* A word in the title counts this much more. */
  var TITLE_FACTOR = 1.5;
  /* A synonym counts a little less than the word typed. */
  var SYNONYM_FACTOR = 0.7;
  /* Another form of the same word (« refacturer », « refacturation », « refacturée »)
     counts a little less than the form typed. */
  var FAMILY_FACTOR = 0.8;
  /* A verb that says little of the need (« trouver », « mettre ») counts this much of a
     word: it still ranks, never leads. */
  var LIGHT_FACTOR = 0.3;
  /* Endings that make other words of one family (the noun of a verb, the feminine of an
     adjective), tried on a term in this order, the first that fits: the family root is
     what is left, replaced as said (« fusionner » → « fusion », « culturelle » →
     « culturel »). Never less than MIN_ROOT letters are left. */
  var FAMILY_ENDINGS = [
    ["ation", ""], ["ement", ""], ["ateur", ""], ["atric", ""], ["er", ""], ["iv", ""],
    ["if", ""], ["iqu", ""], ["ic", ""], ["ell", "el"], ["enn", "en"]
  ];
  var MIN_ROOT = 4;
  /* Words shorter than this are never corrected (« loi » is not a slip of « lot »). */
  var MIN_CORRECTED = 5;
  /* Words shorter than this are never prefixes: « ag » is a word (AG), not « ag… ». */
  var MIN_PREFIX = 3;
  /* Word files read for a word being typed, at most (Engine.range). */
  var PREFIX_FILES = 2;
  /* A resource located in a named place scores like a strong match in its metadata;
     a resource of the whole région, half as much. */
  var PLACE_WEIGHT = 60;
  var TYPE_WEIGHT = 40;
  /* Resources of a type the query names (« modèle », « fiche ») are lifted this much. */
  var TYPE_BOOST = 1.3;
  /* A text that says a type's word, without being of that type, counts this much. */
  var TYPE_TEXT_FACTOR = 0.5;
  /* How strongly matching more of the query counts (share of the query's weight). */
  var COVERAGE_POWER = 2;
  var MAX_PLACE_WORDS = 5;
  /* Share of the query (by weight) a resource must hold in its title, summary or metadata
     for the answer to count as a good one. */
  var STRONG_SHARE = 1 / 3;
  /* A concept in more than this share of the resources says little of the need. */
  var COMMON_SHARE = 1 / 2;
  /* Structures of the directory shown for a query that names no place, at most. */
  var STRUCTURES_WITHOUT_PLACE = 3;
  var PLACE_STARTS = { le: true, la: true, les: true, l: true, saint: true, sainte: true };

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

  /* The root a term shares with the other words of its family (FAMILY_ENDINGS): every
     indexed term that starts with the root and has the same root is of that family. */
  function familyRoot(term) {
    for (var i = 0; i < FAMILY_ENDINGS.length; i++) {
      var ending = FAMILY_ENDINGS[i][0];
      var cut = term.length - ending.length;
      if (cut >= MIN_ROOT && term.slice(cut) === ending) {
        var root = term.slice(0, cut) + FAMILY_ENDINGS[i][1];
        /* « fusionner »: the verb doubles the n of « fusion » */
        if (ending === "er" && root.slice(-2) === "nn") root = root.slice(0, -1);
        return root;
      }
    }
    return term;
  }

  /* The terms of a text, as the index stores them (stop words left out). */
  function terms(text, stopWords) {
    var found = [];
    (fold(text).match(TOKEN) || []).forEach(function (word) {
      if (word.length > 1 && !stopWords.has(word)) found.push(stem(word));
    });
    return found;
  }

  /* The words of a query, folded, each with the word the person typed (« Guid'Asso » gives
     « guid » and « asso », both typed as « Guid'Asso », a compound). */
  function words(query) {
    var out = [];
    (query.match(WORD) || []).forEach(function (typed, c) {
      var parts = fold(typed).match(TOKEN) || [];
      parts.forEach(function (word) {
        out.push({ word: word, typed: typed, compound: parts.length > 1 ? c : -1 });
      });
    });
    return out;
  }

  /* The last word is a prefix while the person is still typing it (no space after it). */
  function isTyping(query) {
    return /[0-9a-z]$/.test(fold(query));
  }

  /* Kept for callers of the previous engine: the terms of a query and whether the last is
     a prefix. */
  function analyse(query, stopWords) {
    var list = words(query);
    var typing = isTyping(query);
    var seen = {};
    var out = [];
    list.forEach(function (entry, i) {
      if (entry.word.length < 2 || stopWords.has(entry.word)) return;
      var term = { term: stem(entry.word), prefix: typing && i === list.length - 1 };
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

  /* Index of the file that would hold a key (the last one starting at or before it). */
  function fileOf(firstKeys, key) {
    var low = 0;
    var high = firstKeys.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firstKeys[middle] <= key) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  function Engine(base, index) {
    var self = this;
    this.base = base;
    this.index = index;
    this.n = index.ressources;
    this.stopWords = new Set(index.mots_vides);
    this.filler = new Set(index.mots_questions || []);
    this.light = new Set(index.mots_legers || []);
    this.typeWords = index.mots_types || {};
    this.files = {};
    this.firstTerms = index.mots.map(function (entry) { return entry[0]; });
    this.firstPlaces = (index.lieux || []).map(function (entry) { return entry[0]; });
    var values = {};
    Object.keys(index.facettes).forEach(function (facet) {
      var number = {};
      index.facettes[facet].forEach(function (value, i) { number[value] = i; });
      values[facet] = number;
    });
    this.valueNumbers = values;
    /* Synonyms: each expression (its terms joined by a space) → the groups holding it. */
    this.groups = index.synonymes || [];
    this.groupTexts = index.synonymes_texte || [];
    this.expressions = {};
    this.longestExpression = 1;
    this.groups.forEach(function (group, g) {
      group.forEach(function (expression) {
        var key = expression.join(" ");
        (self.expressions[key] = self.expressions[key] || []).push(g);
        self.longestExpression = Math.max(self.longestExpression, expression.length);
      });
    });
    /* a one-word expression's group also answers the other words of its family: « partage »
       is in the group of « partager » */
    this.familyGroups = {};
    Object.keys(this.expressions).forEach(function (key) {
      if (key.indexOf(" ") !== -1) return;
      var root = familyRoot(key);
      var list = self.familyGroups[root] = self.familyGroups[root] || [];
      self.expressions[key].forEach(function (g) { if (list.indexOf(g) === -1) list.push(g); });
    });
    /* a type may be named by several words (« retour d'expérience ») */
    Object.keys(this.typeWords).forEach(function (key) {
      self.longestExpression = Math.max(self.longestExpression, key.split(" ").length);
    });
  }

  Engine.prototype.load = function (file) {
    if (!this.files[file]) {
      /* Named after their content: a cached copy is always right. */
      var files = this.files;
      files[file] = fetchJson(new URL(file, this.base).href);
      files[file].catch(function () { delete files[file]; }); /* tried again next time */
    }
    return this.files[file];
  };

  Engine.prototype.chunkOf = function (term) {
    return fileOf(this.firstTerms, term);
  };

  Engine.prototype.chunks = function (first, last) {
    var wanted = [];
    for (var i = first; i <= last; i++) wanted.push(this.load(this.index.mots[i][1]));
    return Promise.all(wanted);
  };

  /* Resolves to [{postings, exact, term}] for every indexed term a query term covers (a
     prefix covers every longer term). */
  /* The word files a term needs: its own, and for a word still being typed the next ones
     holding longer words, PREFIX_FILES at most (« con » would otherwise read every file
     from « con » to « conz » at each keystroke). */
  Engine.prototype.range = function (term, prefix) {
    var first = this.chunkOf(term);
    if (!prefix || term.length < MIN_PREFIX) return [first, first];
    return [first, Math.min(this.chunkOf(term + "\uffff"), first + PREFIX_FILES - 1)];
  };

  Engine.prototype.lookup = function (term, prefix) {
    var range = this.range(term, prefix);
    prefix = prefix && term.length >= MIN_PREFIX;
    return this.chunks(range[0], range[1]).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        if (!prefix) {
          if (chunk[term]) found.push({ postings: chunk[term], exact: true, term: term });
          return;
        }
        Object.keys(chunk).forEach(function (candidate) {
          if (candidate.lastIndexOf(term, 0) === 0) {
            found.push({ postings: chunk[candidate], exact: candidate === term, term: candidate });
          }
        });
      });
      return found;
    });
  };

  /* The indexed terms of a term's family (familyRoot), the term itself left out: they sit
     between the root and the root followed by anything, in one or two word files. */
  Engine.prototype.family = function (term) {
    var root = familyRoot(term);
    var first = this.chunkOf(root);
    var last = Math.min(this.chunkOf(root + "\uffff"), first + PREFIX_FILES - 1);
    return this.chunks(first, last).then(function (chunks) {
      var found = [];
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (candidate) {
          if (candidate !== term && candidate.lastIndexOf(root, 0) === 0 && familyRoot(candidate) === root) {
            found.push({ postings: chunk[candidate], exact: true, term: candidate });
          }
        });
      });
      return found;
    });
  };

  /* Every indexed term, with how many resources hold it and a word to show for it:
     downloaded only to correct a word or to suggest close ones. */
  Engine.prototype.vocabulary = function () {
    var self = this;
    if (!this.vocabularyPromise) {
      this.vocabularyPromise = this.load(this.index.vocabulaire).then(function (data) {
        var byLength = {};
        data.termes.forEach(function (term, i) {
          (byLength[term.length] = byLength[term.length] || []).push(i);
        });
        data.byLength = byLength;
        data.position = {};
        data.termes.forEach(function (term, i) { data.position[term] = i; });
        return data;
      });
      this.vocabularyPromise.catch(function () { self.vocabularyPromise = null; });
    }
    return this.vocabularyPromise;
  };

  /* Indexed terms close to a term: at most one letter off for a short word, two for a
     longer one (an extra, missing, wrong or swapped letter, anywhere in the word); the
     closest first, then the most widespread. */
  function closeTerms(vocabulary, term, limit, count) {
    var found = [];
    for (var length = term.length - limit; length <= term.length + limit; length++) {
      (vocabulary.byLength[length] || []).forEach(function (i) {
        var candidate = vocabulary.termes[i];
        if (candidate === term) return;
        var distance = editDistance(term, candidate, limit);
        if (distance <= limit) found.push({ i: i, distance: distance, df: vocabulary.ressources[i] });
      });
    }
    found.sort(function (a, b) { return a.distance - b.distance || b.df - a.df || a.i - b.i; });
    return found.slice(0, count).map(function (entry) {
      return { term: vocabulary.termes[entry.i], word: vocabulary.mots[entry.i] };
    });
  }

  Engine.prototype.correct = function (term) {
    var limit = term.length < 8 ? 1 : 2;
    return this.vocabulary().then(function (vocabulary) {
      return closeTerms(vocabulary, term, limit, 1)[0] || null;
    });
  };

  /* Close words to offer when nothing matches well. */
  Engine.prototype.suggest = function (concepts) {
    var wanted = concepts.filter(function (c) { return c.words.length && !c.place; });
    if (!wanted.length) return Promise.resolve([]);
    return this.vocabulary().then(function (vocabulary) {
      var seen = {};
      var out = [];
      wanted.forEach(function (concept) {
        concept.alternatives[0].terms.forEach(function (term) {
          closeTerms(vocabulary, term, term.length < 7 ? 1 : 2, 3).forEach(function (close) {
            if (!seen[close.word]) {
              seen[close.word] = true;
              out.push(close.word);
            }
          });
        });
      });
      return out.slice(0, 6);
    });
  };

  /* Start downloading the word files a query will read while its places are looked up:
     one round trip instead of two (a word that turns out to be a place costs a file read
     for nothing, a file the next query may need anyway). */
  Engine.prototype.prefetch = function (list, typing) {
    var self = this;
    var wanted = {};
    list.forEach(function (entry, i) {
      if (entry.word.length < 2 || self.stopWords.has(entry.word)) return;
      var term = stem(entry.word);
      var range = self.range(term, typing && i === list.length - 1);
      for (var c = range[0]; c <= range[1]; c++) wanted[c] = true;
      /* and the words of its synonyms (« local »: « salle », « bureau »…) */
      (self.expressions[term] || []).forEach(function (g) {
        self.groups[g].forEach(function (expression) {
          expression.forEach(function (t) { wanted[self.chunkOf(t)] = true; });
        });
      });
    });
    Object.keys(wanted).forEach(function (c) {
      self.load(self.index.mots[c][1]).catch(function () {});
    });
  };

  /* Places named by the query: longest run of words first (« val de marne » before
     « marne »). Resolves to [{start, end, code, kind, region}]. */
  Engine.prototype.places = function (list) {
    var self = this;
    if (!this.firstPlaces.length) return Promise.resolve([]);
    var keys = [];
    list.forEach(function (entry, i) {
      if (self.stopWords.has(entry.word) && !PLACE_STARTS[entry.word]) return;
      for (var n = 1; n <= MAX_PLACE_WORDS && i + n <= list.length; n++) {
        keys.push({ start: i, end: i + n, key: list.slice(i, i + n).map(function (e) { return e.word; }).join(" ") });
      }
    });
    var files = {};
    keys.forEach(function (k) { files[fileOf(self.firstPlaces, k.key)] = true; });
    var numbers = Object.keys(files);
    return Promise.all(numbers.map(function (i) { return self.load(self.index.lieux[i][1]); })).then(function (loaded) {
      var table = {};
      numbers.forEach(function (i, j) { table[i] = loaded[j]; });
      var found = [];
      var taken = -1;
      for (var start = 0; start < list.length; start++) {
        if (start < taken) continue;
        var best = null;
        keys.forEach(function (k) {
          if (k.start !== start) return;
          var value = table[fileOf(self.firstPlaces, k.key)][k.key];
          if (value && (!best || k.end > best.end)) best = { start: k.start, end: k.end, value: value };
        });
        if (best) {
          var parts = best.value.split(":");
          found.push({
            start: best.start, end: best.end, kind: parts[0], code: parts[1], region: parts[2] || parts[1],
            commune: parts[3] === "c"
          });
          taken = best.end;
        }
      }
      return found;
    });
  };

  /* How a place is written in texts: as the query wrote it, and for a département its code
     and its name, for a région its name. */
  Engine.prototype.placeAlternatives = function (place, typed) {
    var self = this;
    var out = typed.length ? [{ terms: typed, factor: 1, label: "" }] : [];
    var seen = {};
    seen[typed.join(" ")] = true;
    var names = this.index.noms_lieux || {};
    var written = [];
    if (!place.commune) {
      if (place.kind === "d") written.push([place.code.toLowerCase()]);
      var name = names[place.kind + ":" + place.code];
      if (name) written.push(terms(name, this.stopWords));
    }
    written.forEach(function (t) {
      var key = t.join(" ");
      if (t.length && !seen[key]) {
        seen[key] = true;
        out.push({ terms: t, factor: 1, label: "" });
      }
    });
    return out;
  };

  /* The concepts of a query: places, then words (question words out), each word or
     expression with the other expressions of its synonym groups. */
  Engine.prototype.concepts = function (query) {
    var self = this;
    var list = words(query);
    var typing = isTyping(query);
    this.prefetch(list, typing);
    return this.places(list).then(function (places) {
      var concepts = [];
      var inPlace = {};
      places.forEach(function (place) {
        var placeWords = list.slice(place.start, place.end);
        for (var i = place.start; i < place.end; i++) inPlace[i] = true;
        var placeTerms = placeWords.map(function (e) { return e.word; })
          .filter(function (w) { return w.length > 1 && !self.stopWords.has(w); }).map(stem);
        concepts.push({
          label: placeWords.map(function (e) { return e.typed; }).filter(function (t, i, all) {
            return all.indexOf(t) === i;
          }).join(" "),
          words: [],
          place: place,
          /* A département or a région is found in a text by its code or its name, whichever
             the query wrote (« 94 » finds « Val-de-Marne » too) */
          alternatives: self.placeAlternatives(place, placeTerms),
          types: []
        });
      });
      /* Words, a compound (« guid'asso ») kept as one: found written whole or in parts. */
      var kept = [];
      list.forEach(function (entry, i) {
        if (inPlace[i]) return;
        var useful = entry.word.length > 1 && !self.stopWords.has(entry.word);
        var last = kept[kept.length - 1];
        if (entry.compound !== -1 && last && last.compound === entry.compound) {
          last.joined += entry.word;
          if (useful) last.parts.push(stem(entry.word));
          last.prefix = typing && i === list.length - 1;
          return;
        }
        kept.push({
          typed: entry.typed, prefix: typing && i === list.length - 1, compound: entry.compound,
          joined: entry.word, parts: useful ? [stem(entry.word)] : []
        });
      });
      kept = kept.filter(function (k) { return k.parts.length; });
      kept.forEach(function (k) {
        /* « d'employeurs » is the word « employeurs »; « guid'asso », a compound */
        if (k.parts.length < 2) k.compound = -1;
        k.term = k.compound === -1 ? k.parts[0] : stem(k.joined);
      });
      var meaningful = kept.filter(function (k) { return !self.filler.has(k.term); });
      if (meaningful.length) kept = meaningful;
      var seen = {};
      /* synonym groups already asked for: « embaucher un salarié » is one need, not two */
      var asked = {};
      for (var i = 0; i < kept.length; i++) {
        var matched = null;
        for (var n = Math.min(self.longestExpression, kept.length - i); n >= 1 && !matched; n--) {
          var key = kept.slice(i, i + n).map(function (k) { return k.term; }).join(" ");
          if (self.expressions[key] || self.typeWords[key]) matched = { n: n, key: key };
        }
        var kin = null;
        if (!matched && !kept[i].prefix) kin = self.familyGroups[familyRoot(kept[i].term)] || null;
        var n = matched ? matched.n : 1;
        var own = kept.slice(i, i + n);
        var ownTerms = own.map(function (k) { return k.term; });
        var label = own.map(function (k) { return k.typed; }).join(" ");
        var conceptKey = ownTerms.join(" ") + (own[own.length - 1].prefix ? "*" : "");
        var groups = (matched && self.expressions[matched.key]) || kin || [];
        var repeated = groups.length > 0 && groups.every(function (g) { return asked[g]; });
        groups.forEach(function (g) { asked[g] = true; });
        if (!seen[conceptKey] && !repeated) {
          seen[conceptKey] = true;
          var alternatives = [{ terms: ownTerms, factor: 1, label: "", prefix: n === 1 && own[0].prefix }];
          if (n === 1 && own[0].compound !== -1 && own[0].parts.length > 1) {
            alternatives.push({ terms: own[0].parts, factor: 1, label: "" });
          }
          /* the other words of its family: « refacturer » finds « refacturation » */
          if (n === 1) alternatives.push({ terms: ownTerms, factor: FAMILY_FACTOR, label: "", family: true });
          if (groups.length) {
            var added = {};
            added[ownTerms.join(" ")] = true;
            groups.forEach(function (g) {
              self.groups[g].forEach(function (expression, e) {
                var k = expression.join(" ");
                if (added[k]) return;
                added[k] = true;
                var shown = (self.groupTexts[g] || [])[e] || k;
                alternatives.push({ terms: expression, factor: SYNONYM_FACTOR, label: shown, synonym: true });
              });
            });
          }
          concepts.push({
            label: label,
            words: own,
            place: null,
            alternatives: alternatives,
            types: self.typeWords[ownTerms.join(" ")] || [],
            light: n === 1 && self.light.has(ownTerms[0])
          });
        }
        i += n - 1;
      }
      return concepts;
    });
  };

  Engine.prototype.idf = function (frequency) {
    return Math.log(1 + (this.n - frequency + 0.5) / (frequency + 0.5));
  };

  Engine.prototype.valuesOf = function (facet, doc) {
    var v = this.index.valeurs[facet][doc];
    return typeof v === "number" ? [v] : v;
  };

  /* Each term's best weight per resource (before rarity is counted), and whether it is in
     the resource's head. A term found nowhere is corrected when the concept is a single
     typed word. */
  Engine.prototype.termScores = function (term, prefix, correctable, family) {
    var self = this;
    return (family ? this.family(term) : this.lookup(term, prefix)).then(function (found) {
      if (found.length || !correctable || term.length < MIN_CORRECTED) return { found: found };
      /* another form of the word is written (« refacturation »): nothing to correct */
      return self.family(term).then(function (kin) {
        if (kin.length) return { found: [] };
        return self.correct(term).then(function (close) {
          if (!close) return { found: [] };
          return self.lookup(close.term, false).then(function (fixed) {
            return { found: fixed, corrected: close };
          });
        });
      });
    }).then(function (result) {
      var score = new Float64Array(self.n);
      var head = new Uint8Array(self.n);
      var exact = result.found.some(function (entry) { return entry.exact; });
      result.found.forEach(function (entry) {
        var postings = entry.postings;
        var factor = entry.exact ? 1 : (exact ? PREFIX_FACTOR_AFTER_EXACT : PREFIX_FACTOR);
        var doc = 0;
        for (var i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var level = Math.floor(postings[i + 1] / LEVEL_STEP);
          var value = factor * (postings[i + 1] % LEVEL_STEP) * (level === 2 ? TITLE_FACTOR : 1);
          if (value > score[doc]) score[doc] = value;
          if (level > 0) head[doc] = 1;
        }
      });
      return {
        score: score, head: head, corrected: result.corrected || null,
        terms: result.found.map(function (entry) { return entry.term; })
      };
    });
  };

  /* Per concept: score and head match per resource. A concept's words, synonyms, place
     and type count as one term: its rarity is that of all the resources it matches, so a
     rare synonym never outweighs the word typed. */
  Engine.prototype.conceptScores = function (concept) {
    var self = this;
    var single = concept.alternatives.length && concept.alternatives[0].terms.length === 1 && !concept.place;
    return Promise.all(concept.alternatives.map(function (alternative, a) {
      return Promise.all(alternative.terms.map(function (term) {
        return self.termScores(term, Boolean(alternative.prefix), a === 0 && single, Boolean(alternative.family));
      }));
    })).then(function (perAlternative) {
      var score = new Float64Array(self.n);
      var head = new Uint8Array(self.n);
      var used = [];
      var corrected = null;
      var family = [];
      /* resources the words typed match: a synonym is said to be used when it finds others */
      var typed = new Uint8Array(self.n);
      perAlternative.forEach(function (termResults, a) {
        var alternative = concept.alternatives[a];
        var count = termResults.length;
        if (!count) return;
        if (a === 0 && termResults[0] && termResults[0].corrected) corrected = termResults[0].corrected;
        if (alternative.family) family = termResults[0].terms;
        var hit = false;
        for (var doc = 0; doc < self.n; doc++) {
          var sum = 0;
          var inHead = 0;
          var all = true;
          for (var t = 0; t < count; t++) {
            var s = termResults[t].score[doc];
            if (!s) { all = false; break; }
            sum += s;
            inHead |= termResults[t].head[doc];
          }
          if (!all) continue;
          if (a === 0) typed[doc] = 1;
          else if (!typed[doc]) hit = true;
          var value = alternative.factor * sum / count;
          if (value > score[doc]) score[doc] = value;
          if (inHead) head[doc] = 1;
        }
        if (hit && alternative.synonym) used.push(alternative.label);
      });
      if (concept.place) self.placeScores(concept.place, score, head);
      if (concept.types.length) {
        /* « modèle » asks for templates: a text that only says the word counts less */
        for (var t = 0; t < self.n; t++) score[t] *= TYPE_TEXT_FACTOR;
        self.typeScores(concept.types, score, head);
      }
      var df = 0;
      for (var doc = 0; doc < self.n; doc++) if (score[doc] > 0) df++;
      var idf = self.idf(df);
      for (var d = 0; d < self.n; d++) score[d] *= idf;
      return {
        score: score, head: head, synonyms: used, corrected: corrected, idf: idf, df: df,
        family: family
      };
    });
  };

  Engine.prototype.placeScores = function (place, score, head) {
    var regions = this.valueNumbers.region || {};
    var departements = this.valueNumbers.departement || {};
    var region = regions[place.region];
    var departement = place.kind === "d" ? departements[place.code] : undefined;
    for (var doc = 0; doc < this.n; doc++) {
      var inRegion = region !== undefined && this.valuesOf("region", doc).indexOf(region) !== -1;
      var value = 0;
      if (place.kind === "r") {
        if (inRegion) value = PLACE_WEIGHT;
      } else {
        var deps = this.valuesOf("departement", doc);
        if (departement !== undefined && deps.indexOf(departement) !== -1) value = PLACE_WEIGHT;
        else if (inRegion && !deps.length) value = PLACE_WEIGHT / 2;
      }
      if (value) {
        score[doc] = Math.max(score[doc], value);
        head[doc] = 1;
      }
    }
  };

  Engine.prototype.typeScores = function (types, score, head) {
    var numbers = this.valueNumbers.type || {};
    var wanted = types.map(function (t) { return numbers[t]; }).filter(function (v) { return v !== undefined; });
    for (var doc = 0; doc < this.n; doc++) {
      if (wanted.indexOf(this.valuesOf("type", doc)[0]) !== -1) {
        score[doc] = Math.max(score[doc], TYPE_WEIGHT);
        head[doc] = 1;
      }
    }
  };

  /* For every resource: its graded score, how much of the query it matches, and what the
     answer should say (corrections, synonyms, places). Null when the query has no words. */
  Engine.prototype.scores = function (query) {
    var self = this;
    return this.concepts(query).then(function (concepts) {
      if (!concepts.length) return null;
      return Promise.all(concepts.map(function (c) { return self.conceptScores(c); })).then(function (perConcept) {
        var n = self.n;
        var total = new Float64Array(n);
        var covered = new Float64Array(n);
        var matched = new Uint8Array(n);
        var strong = new Uint8Array(n);
        /* a verb that says little (« trouver ») counts for less than the rarest other word
           of the query, and is not missed when a resource lacks it, unless the query says
           nothing else */
        var light = concepts.map(function (c) { return c.light; });
        if (light.every(Boolean)) light = light.map(function () { return false; });
        var lightest = Infinity;
        perConcept.forEach(function (result, c) {
          if (!light[c] && result.df) lightest = Math.min(lightest, result.idf);
        });
        perConcept.forEach(function (result, c) {
          if (!light[c] || !result.df) return;
          var factor = LIGHT_FACTOR * Math.min(1, lightest / result.idf);
          for (var l = 0; l < n; l++) result.score[l] *= factor;
          result.idf *= factor;
        });
        var weights = perConcept.map(function (result) { return result.idf; });
        var sumWeights = weights.reduce(function (a, b, c) { return light[c] ? a : a + b; }, 0) || 1;
        var typeBoost = new Float64Array(n).fill(1);
        concepts.forEach(function (concept) {
          if (!concept.types.length) return;
          var numbers = self.valueNumbers.type || {};
          var wanted = concept.types.map(function (t) { return numbers[t]; });
          for (var doc = 0; doc < n; doc++) {
            if (wanted.indexOf(self.valuesOf("type", doc)[0]) !== -1) typeBoost[doc] = TYPE_BOOST;
          }
        });
        /* A resource answers well when a third of what the query asks (by weight,
           among the concepts some resource holds) is in its title, summary or metadata,
           not only somewhere in its body. */
        var found = 0;
        perConcept.forEach(function (result, c) { if (result.df) found += weights[c]; });
        var inHead = new Float64Array(n);
        /* or when it holds every concept some resource holds, and one that is no common
           word (in at most half the resources) is in its head: « peur de perdre notre
           identité » said in the body of a guide whose summary speaks of identity */
        var foundCount = 0;
        perConcept.forEach(function (result) { if (result.df) foundCount += 1; });
        var rareInHead = new Uint8Array(n);
        perConcept.forEach(function (result, c) {
          var rare = result.df <= n * COMMON_SHARE;
          for (var doc = 0; doc < n; doc++) {
            if (result.score[doc] > 0) {
              total[doc] += result.score[doc];
              if (!light[c]) covered[doc] += weights[c];
              matched[doc] += 1;
              if (result.head[doc]) {
                inHead[doc] += weights[c];
                if (rare && !light[c]) rareInHead[doc] = 1;
              }
            }
          }
        });
        for (var d = 0; d < n; d++) {
          if (found && inHead[d] >= found * STRONG_SHARE) strong[d] = 1;
          else if (foundCount > 1 && matched[d] === foundCount && rareInHead[d]) strong[d] = 1;
        }
        for (var doc = 0; doc < n; doc++) {
          if (matched[doc]) {
            total[doc] *= Math.pow(covered[doc] / sumWeights, COVERAGE_POWER) * typeBoost[doc];
          }
        }
        return {
          total: total,
          matched: matched,
          strong: strong,
          concepts: concepts,
          unmatched: concepts.filter(function (c, i) { return !perConcept[i].df; }),
          corrections: perConcept.map(function (r, c) {
            return r.corrected ? { from: concepts[c].label, to: r.corrected.word } : null;
          }).filter(Boolean),
          synonyms: perConcept.map(function (r, c) {
            return r.synonyms.length ? { word: concepts[c].label, used: r.synonyms } : null;
          }).filter(Boolean),
          places: concepts.filter(function (c) { return c.place; }).map(function (c) {
            return { label: c.label, kind: c.place.kind, code: c.place.code };
          }),
          correctedTerms: perConcept.map(function (r) { return r.corrected ? r.corrected.term : null; }),
          terms: perConcept.map(function (r, c) {
            var alternatives = concepts[c].alternatives;
            var list = [];
            alternatives.forEach(function (a) { if (!a.family) list = list.concat(a.terms); });
            list = list.concat(r.family);
            if (r.corrected) list.push(r.corrected.term);
            return list;
          })
        };
      });
    });
  };

  /* The directory of support structures (structures/), loaded with the first query. */
  Engine.prototype.directory = function () {
    var self = this;
    if (!this.index.structures) return Promise.resolve(null);
    if (!this.directoryPromise) {
      this.directoryPromise = this.load(this.index.structures).then(function (data) {
        data.helpWords = new Set(data.mots_aide);
        return data;
      });
      this.directoryPromise.catch(function () { self.directoryPromise = null; });
    }
    return this.directoryPromise;
  };

  /* How well a structure holds a term (essaim/publish/search_index.py, STRUCTURE_*): 5 a
     distinctive word of its acronym or type, 4 a distinctive word of its name, a help word
     or a general kind of help of a structure whose help is general (both signals), 3
     another name word, 2 its other kinds of help or its territory, 1 its description, 0
     not at all. */
  function structureLevel(data, s, term, prefix) {
    var own = data.termes[s];
    var level = own[term] || 0;
    if (data.helpWords.has(term)) level = Math.max(level, data.generale[s] ? 4 : 2);
    if (prefix && term.length >= MIN_PREFIX) {
      for (var key in own) if (own[key] > level && key.lastIndexOf(term, 0) === 0) level = own[key];
    }
    return level;
  }

  /* A structure's level for a place named by the query: 3 when it helps in that
     département or région, 2 when it helps in the whole région of that département, 1 when
     it is national or in a neighbour département of the same région, 0 otherwise. */
  function structurePlaceLevel(data, s, place) {
    var deps = data.departements[s];
    var regions = data.regions[s];
    if (!deps.length && !regions.length) return 1; /* national */
    if (place.kind === "r") return regions.indexOf(place.code) !== -1 ? 3 : 0;
    if (deps.indexOf(place.code) !== -1) return 3;
    if (regions.indexOf(place.region) === -1) return 0;
    return deps.length ? 1 : 2;
  }

  /* Territory filters ticked ({d: [départements], r: [régions or « national »]}): a
     structure passes when it helps in one of them. */
  function structurePasses(data, s, ticked) {
    var deps = ticked.d;
    var regions = ticked.r;
    if (!deps.length && !regions.length) return true;
    var own = data.departements[s];
    var ownRegions = data.regions[s];
    if (!own.length && !ownRegions.length) return regions.indexOf("national") !== -1;
    return own.some(function (d) { return deps.indexOf(d) !== -1; }) ||
      ownRegions.some(function (r) { return regions.indexOf(r) !== -1; });
  }

  /* The structures a query asks for: every concept found in the structure (a word, one of
     its synonyms or its correction; a place it helps in), one of them a signal (level 4 or
     more; distinct when 5: a word of its acronym or type). None when a filter other
     than the territory is ticked (structures have no type or theme). */
  Engine.prototype.matchStructures = function (data, scores, state) {
    if (!data || !scores || !data.fiches.length) return [];
    var filters = state.filters || {};
    var places = state.places || {};
    var ticked = { d: [], r: [] };
    for (var facet in filters) {
      if (!filters[facet].length) continue;
      if (!ticked[places[facet]]) return [];
      ticked[places[facet]] = ticked[places[facet]].concat(filters[facet]);
    }
    var concepts = scores.concepts;
    var territoryTicked = Boolean(ticked.d.length || ticked.r.length);
    var found = [];
    for (var s = 0; s < data.fiches.length; s++) {
      if (!structurePasses(data, s, ticked)) continue;
      var total = 0;
      var signal = 0;
      var all = true;
      /* where the structure helps is named by the query, or ticked */
      var placed = territoryTicked;
      var lieux = data.lieux[s];
      for (var c = 0; c < concepts.length && all; c++) {
        var concept = concepts[c];
        var level = 0;
        if (concept.place) {
          level = structurePlaceLevel(data, s, concept.place);
          /* « Marseille »: the structure of that very town before the others of its département */
          var alternative = concept.alternatives[0];
          if (level && alternative && alternative.terms.every(function (t) { return (data.termes[s][t] || 0) >= 3; })) {
            level += 2;
          }
          if (level) placed = true;
        } else {
          /* a synonym or a correction finds a structure as well as the word typed; an
             expression (« maison des associations ») when the structure holds all its words */
          concept.alternatives.forEach(function (alternative) {
            if (alternative.family) {
              var root = familyRoot(alternative.terms[0]);
              for (var key in data.termes[s]) {
                if (key.lastIndexOf(root, 0) === 0 && familyRoot(key) === root) {
                  level = Math.max(level, data.termes[s][key]);
                }
              }
              return;
            }
            var best = 0;
            for (var t = 0; t < alternative.terms.length; t++) {
              var one = structureLevel(data, s, alternative.terms[t], Boolean(alternative.prefix));
              if (!one) return;
              best = Math.max(best, one);
            }
            level = Math.max(level, best);
          });
          var fixed = scores.correctedTerms[c];
          if (fixed) level = Math.max(level, structureLevel(data, s, fixed, false));
          /* a town several communes share (« Montreuil ») is a word, yet says where */
          if (level && concept.alternatives[0].terms.every(function (t) { return lieux.indexOf(t) !== -1; })) {
            placed = true;
          }
          if (level >= 4) signal = Math.max(signal, level);
        }
        if (!level) all = false;
        total += level;
      }
      if (all && signal) found.push({ s: s, score: total, distinct: signal >= 5, placed: placed });
    }
    found.sort(function (a, b) {
      return b.score - a.score || data.rangs[a.s] - data.rangs[b.s] || a.s - b.s;
    });
    return found.map(function (entry) {
      var c = data.fiches[entry.s];
      return {
        slug: c[0], title: c[1], kind: c[2], territory: c[3], summary: c[4], helps: c[5], marks: c[6],
        distinct: entry.distinct, placed: entry.placed
      };
    });
  };

  /* state: {q, tri: "" | "date", filters: {facet: [values]}, groups: {facet: group},
     places: {facet: kind of place it filters, "r" or "d"}}. */
  Engine.prototype.search = function (state) {
    var self = this;
    var q = state.q || "";
    /* the directory only matters to a query, and loads beside its words */
    var directory = q.trim() ? this.directory().catch(function () { return null; }) : Promise.resolve(null);
    return Promise.all([this.scores(q), directory]).then(function (both) {
      var scores = both[0];
      var found = self.select(state, scores);
      var structures = self.matchStructures(both[1], scores, state);
      /* Without its place (named or ticked), a structure is shown only for a word of its
         acronym or type: a help word alone (« qui peut m'aider ») says nothing of which,
         and many structures matching (« maison des associations ») are no answer: the
         page says how many, and asks where. */
      var shown = structures.filter(function (x) { return x.placed || x.distinct; });
      var located = shown.some(function (x) { return x.placed; });
      if (!located && shown.length > STRUCTURES_WITHOUT_PLACE) shown = [];
      found.structures = shown;
      found.structuresMatched = structures.length;
      var conceptCount = scores ? scores.concepts.length : 0;
      found.terms = conceptCount;
      found.partial = Boolean(scores) && conceptCount > 1 && found.results.length > 0 && found.full === 0;
      /* no resource answers well (said in the status); the answer is weak only when no
         structure of the directory answers either */
      found.resourcesWeak = Boolean(scores) && (found.results.length === 0 || found.strong === 0);
      found.weak = found.resourcesWeak && !found.structures.length;
      found.corrected = Boolean(scores && scores.corrections.length);
      found.corrections = scores ? scores.corrections : [];
      found.synonyms = scores ? scores.synonyms : [];
      found.places = scores ? scores.places : [];
      found.highlight = scores ? [].concat.apply([], scores.terms) : [];
      if (!scores || !(found.weak || scores.unmatched.length)) return found;
      /* close words for the words found nowhere, or for all when nothing answers well */
      return self.suggest(scores.unmatched.length ? scores.unmatched : scores.concepts).then(function (close) {
        found.suggestions = close;
        return found;
      }, function () {
        found.suggestions = [];
        return found;
      });
    });
  };

  /* The resources matching at least one concept of the query and the filters, sorted,
     with the count of every facet value (what it would give with the other filters kept). */
  Engine.prototype.select = function (state, scores) {
    var self = this;
    var facets = Object.keys(self.index.facettes);
    /* state.groups: {facet: group}, as the catalogue page describes its facets; the facets
       of one group add up (a resource passes the territory filter when it matches any
       ticked région, département or « national »), groups combine with AND. */
    var groups = state.groups || {};
    var groupNames = [];
    var groupOf = facets.map(function (facet) {
      var name = groups[facet] || facet;
      var g = groupNames.indexOf(name);
      if (g === -1) {
        groupNames.push(name);
        g = groupNames.length - 1;
      }
      return g;
    });
    var chosen = facets.map(function (facet) {
      var values = (state.filters && state.filters[facet]) || [];
      if (!values.length) return null;
      var set = new Set();
      values.forEach(function (value) {
        if (value in self.valueNumbers[facet]) set.add(self.valueNumbers[facet][value]);
      });
      return set;
    });
    var active = groupNames.map(function (_, g) {
      return facets.some(function (facet, f) { return groupOf[f] === g && chosen[f]; });
    });
    var counts = facets.map(function (facet) { return new Int32Array(self.index.facettes[facet].length); });
    var results = [];
    var full = 0;
    var strong = 0;
    var conceptCount = scores ? scores.concepts.length : 0;

    var columns = facets.map(function (facet) { return self.index.valeurs[facet]; });

    /* No array per resource and facet: a single value is stored as a number. */
    function add(f, doc) {
      var v = columns[f][doc];
      if (typeof v === "number") {
        counts[f][v] += 1;
        return;
      }
      for (var i = 0; i < v.length; i++) counts[f][v[i]] += 1;
    }

    function holds(f, doc, set) {
      var v = columns[f][doc];
      if (typeof v === "number") return set.has(v);
      for (var i = 0; i < v.length; i++) if (set.has(v[i])) return true;
      return false;
    }

    var passes = new Uint8Array(groupNames.length);
    for (var doc = 0; doc < self.n; doc++) {
      if (scores && !scores.matched[doc]) continue;
      passes.fill(0);
      for (var f = 0; f < facets.length; f++) {
        if (!chosen[f]) continue;
        if (holds(f, doc, chosen[f])) passes[groupOf[f]] = 1;
      }
      var failed = -1;
      var fails = 0;
      for (var g = 0; g < groupNames.length; g++) {
        if (active[g] && !passes[g]) {
          fails += 1;
          failed = g;
        }
      }
      if (fails === 0) {
        results.push(doc);
        if (scores && scores.matched[doc] === conceptCount) full += 1;
        if (scores && scores.strong[doc]) strong += 1;
        for (var h = 0; h < facets.length; h++) add(h, doc);
      } else if (fails === 1) {
        /* what the values of the failing group would give with the other filters kept */
        for (var k = 0; k < facets.length; k++) if (groupOf[k] === failed) add(k, doc);
      }
    }
    if (scores && state.tri !== "date") results = byScore(results, scores.total);
    var byFacet = {};
    facets.forEach(function (facet, f) {
      var named = {};
      self.index.facettes[facet].forEach(function (value, i) { named[value] = counts[f][i]; });
      byFacet[facet] = named;
    });
    return { results: results, counts: byFacet, partial: false, full: full, strong: strong };
  };

  /* Resources sorted by score, highest first, then by number (most recent first). Each is
     packed with its score into one number, and the numbers sorted natively: five to ten
     times faster than a comparison function on 20,000 results. Scores are kept to 1e-4
     (or coarser if ever they grew past 4e5): closer ones count as equal. */
  var DOC_SPAN = 2097152; /* 2^21 resources at most */
  function byScore(docs, total) {
    var top = 0;
    for (var i = 0; i < docs.length; i++) if (total[docs[i]] > top) top = total[docs[i]];
    var scale = Math.min(1e4, 4e9 / (top || 1));
    var keys = new Float64Array(docs.length);
    for (var k = 0; k < docs.length; k++) {
      keys[k] = -Math.round(total[docs[k]] * scale) * DOC_SPAN + docs[k];
    }
    keys.sort();
    var out = new Array(docs.length);
    for (var j = 0; j < keys.length; j++) out[j] = ((keys[j] % DOC_SPAN) + DOC_SPAN) % DOC_SPAN;
    return out;
  }

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
    open: open, fold: fold, stem: stem, terms: terms, analyse: analyse, words: words,
    editDistance: editDistance, familyRoot: familyRoot
  };
})();
