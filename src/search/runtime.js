/* covidactu search runtime: the same French analysis as the Rust index builder (folding,
   elisions, stop words, Snowball French stemming), shard loading that also works from
   file:// (shards are scripts, not fetched data), and ranking.
   API: covidactu.search(query, {limit, kind, audience, includeObsolete}) → Promise<results>.
   The index's files and encodings are described in docs/search-index.md. */
(function (root) {
  "use strict";

  // Written by the index builder from the Rust constants, so both sides share one list.
  var ELISIONS = /*ELISIONS*/[];
  var STOP_WORDS = /*STOP_WORDS*/[];
  var KINDS = ["issue", "protocol", "synthesis", "page", "event", "directory", "message"];
  // The version of the index's format this runtime reads (FORMAT_VERSION in index.rs).
  var FORMAT_VERSION = 4;

  var stop = {};
  STOP_WORDS.forEach(function (w) { stop[w] = true; });
  var elision = {};
  ELISIONS.forEach(function (w) { elision[w] = true; });

  /* ---------- Analysis ---------- */

  var LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i" };
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var APOSTROPHE = /['’ʼ‘]/;

  function fold(word) {
    var s = word.toLowerCase().normalize("NFD");
    var out = "";
    for (var c of s) {
      var cp = c.codePointAt(0);
      if (cp >= 0x300 && cp <= 0x36f) continue;
      out += LIGATURES[c] || c;
    }
    return out;
  }

  /** Words of a text: [{word (folded), start, end}] in UTF-16 offsets; elisions dropped. */
  function words(text) {
    var out = [];
    var chars = Array.from(text);
    var offset = 0, start = -1, startChar = 0;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (WORD.test(c)) {
        if (start < 0) { start = offset; startChar = i; }
        var next = chars[i + 1];
        offset += c.length;
        if (next !== undefined && WORD.test(next)) continue;
        var folded = fold(chars.slice(startChar, i + 1).join(""));
        var elided = next !== undefined && APOSTROPHE.test(next) && elision[folded];
        if (!elided && folded) out.push({ word: folded, start: start, end: offset });
        start = -1;
      } else {
        offset += c.length;
      }
    }
    return out;
  }

  var stems = new Map();
  function term(folded) {
    if (stop[folded]) return null;
    var t = stems.get(folded);
    if (t === undefined) {
      // As the index builder: a folded -iere(s) is stemmed as -ier(s) (infirmière = infirmier).
      t = stem(folded.replace(/iere(s?)$/, "ier$1"));
      if (stems.size > 50000) stems.clear();
      stems.set(folded, t);
    }
    return t;
  }

  /** Search terms of a text: [{term, word, start, end}]. */
  function analyze(text) {
    var out = [];
    words(text).forEach(function (w) {
      var t = term(w.word);
      if (t !== null) out.push({ term: t, word: w.word, start: w.start, end: w.end });
    });
    return out;
  }

  /* ---------- Snowball French stemmer (same algorithm as rust-stemmers) ---------- */

  var VOWELS = "aeiouyàâèéêëîïôùû";
  var KEEP_WITH_S = "aiosuè";
  function isV(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }
  function byLength(list) {
    return list.map(function (s) { return Array.from(s); }).sort(function (a, b) { return b.length - a.length; });
  }
  function table(groups) {
    var codes = {}, list = [];
    groups.forEach(function (g, i) {
      g.forEach(function (s) { codes[s] = i + 1; list.push(s); });
    });
    return { codes: codes, list: byLength(list) };
  }
  var STANDARD = table([
    ["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"],
    ["atrice", "ateur", "ation", "atrices", "ateurs", "ations"],
    ["logie", "logies"],
    ["usion", "ution", "usions", "utions"],
    ["ence", "ences"],
    ["ement", "ements"],
    ["ité", "ités"],
    ["if", "ive", "ifs", "ives"],
    ["eaux"],
    ["aux"],
    ["euse", "euses"],
    ["issement", "issements"],
    ["amment"],
    ["emment"],
    ["ment", "ments"]
  ]);
  var AFTER_EMENT = byLength(["iv", "eus", "abl", "iqU", "ièr", "Ièr"]);
  var AFTER_ITE = byLength(["abil", "ic", "iv"]);
  var I_VERB = byLength(["îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait",
    "iras", "irent", "irez", "iriez", "irions", "irons", "iront", "is", "issaIent", "issais", "issait", "issant",
    "issante", "issantes", "issants", "isse", "issent", "isses", "issez", "issiez", "issions", "issons", "it"]);
  var VERB = table([
    ["ions"],
    ["é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait", "eras", "erez", "eriez",
      "erions", "erons", "eront", "ez", "iez"],
    ["âmes", "ât", "âtes", "a", "ai", "aIent", "ais", "ait", "ant", "ante", "antes", "ants", "as", "asse",
      "assent", "asses", "assiez", "assions"]
  ]);
  var RESIDUAL = table([["ion"], ["ier", "ière", "Ier", "Ière"], ["e"], ["ë"]]);
  var UNDOUBLE = byLength(["enn", "onn", "ett", "ell", "eill"]);

  function stem(word) {
    var w = Array.from(word);
    var i, changed;
    for (i = 0; i < w.length; i++) {
      do {
        changed = false;
        if (isV(w[i])) {
          if (w[i + 1] === "u" && isV(w[i + 2])) { w[i + 1] = "U"; changed = true; }
          else if (w[i + 1] === "i" && isV(w[i + 2])) { w[i + 1] = "I"; changed = true; }
          else if (w[i + 1] === "y") { w[i + 1] = "Y"; changed = true; }
        }
        if (!changed && w[i] === "y" && isV(w[i + 1])) { w[i] = "Y"; changed = true; }
        if (!changed && w[i] === "q" && w[i + 1] === "u") { w[i + 1] = "U"; changed = true; }
      } while (changed);
    }
    var n = w.length, pV = n, p1 = n, p2 = n;
    var prefix = w.slice(0, 3).join("");
    if (n >= 3 && isV(w[0]) && isV(w[1])) pV = 3;
    else if (prefix === "par" || prefix === "col" || prefix === "tap") pV = 3;
    else {
      for (i = 1; i < n; i++) if (isV(w[i])) { pV = i + 1; break; }
    }
    var c = 0;
    while (c < n && !isV(w[c])) c++;
    while (c < n && isV(w[c])) c++;
    if (c < n) {
      p1 = c + 1;
      c = p1;
      while (c < n && !isV(w[c])) c++;
      while (c < n && isV(w[c])) c++;
      if (c < n) p2 = c + 1;
    }

    function ends(s) {
      var k = s.length, m = w.length;
      if (k > m) return false;
      for (var j = 0; j < k; j++) if (w[m - k + j] !== s[j]) return false;
      return true;
    }
    function longest(list, limit) {
      for (var j = 0; j < list.length; j++) {
        if (ends(list[j]) && w.length - list[j].length >= limit) return list[j];
      }
      return null;
    }
    function cut(k) { w.length -= k; }
    function put(k, s) { w.length -= k; Array.prototype.push.apply(w, Array.from(s)); }
    function ic() {
      if (ends(["i", "c"])) { if (w.length - 2 >= p2) cut(2); else put(2, "iqU"); }
    }

    function standard() {
      var s = longest(STANDARD.list, 0);
      if (!s) return false;
      var k = s.length, start = w.length - k, x;
      switch (STANDARD.codes[s.join("")]) {
        case 1: if (start < p2) return false; cut(k); return true;
        case 2: if (start < p2) return false; cut(k); ic(); return true;
        case 3: if (start < p2) return false; put(k, "log"); return true;
        case 4: if (start < p2) return false; put(k, "u"); return true;
        case 5: if (start < p2) return false; put(k, "ent"); return true;
        case 6:
          if (start < pV) return false;
          cut(k);
          x = longest(AFTER_EMENT, 0);
          if (x) {
            var s2 = x.join(""), st = w.length - x.length;
            if (s2 === "iv") {
              if (st >= p2) { cut(2); if (ends(["a", "t"]) && w.length - 2 >= p2) cut(2); }
            } else if (s2 === "eus") {
              if (st >= p2) cut(3); else if (st >= p1) put(3, "eux");
            } else if (s2 === "abl" || s2 === "iqU") {
              if (st >= p2) cut(3);
            } else if (st >= pV) {
              put(3, "i");
            }
          }
          return true;
        case 7:
          if (start < p2) return false;
          cut(k);
          x = longest(AFTER_ITE, 0);
          if (x) {
            var s3 = x.join(""), st3 = w.length - x.length;
            if (s3 === "abil") { if (st3 >= p2) cut(4); else put(4, "abl"); }
            else if (s3 === "ic") { if (st3 >= p2) cut(2); else put(2, "iqU"); }
            else if (st3 >= p2) cut(2);
          }
          return true;
        case 8:
          if (start < p2) return false;
          cut(k);
          if (ends(["a", "t"]) && w.length - 2 >= p2) { cut(2); ic(); }
          return true;
        case 9: put(k, "eau"); return true;
        case 10: if (start < p1) return false; put(k, "al"); return true;
        case 11:
          if (start >= p2) { cut(k); return true; }
          if (start >= p1) { put(k, "eux"); return true; }
          return false;
        case 12:
          if (start < p1 || start === 0 || isV(w[start - 1])) return false;
          cut(k); return true;
        case 13: if (start >= pV) put(k, "ant"); return false;
        case 14: if (start >= pV) put(k, "ent"); return false;
        case 15:
          if (start === 0 || !isV(w[start - 1]) || start - 1 < pV) return false;
          cut(k); return false;
      }
      return false;
    }
    function iVerb() {
      var s = longest(I_VERB, pV);
      if (!s) return false;
      var start = w.length - s.length;
      if (start - 1 < pV || isV(w[start - 1])) return false;
      cut(s.length);
      return true;
    }
    function verb() {
      var s = longest(VERB.list, pV);
      if (!s) return false;
      var k = s.length, start = w.length - k, code = VERB.codes[s.join("")];
      if (code === 1) { if (start < p2) return false; cut(k); return true; }
      cut(k);
      if (code === 3 && w[w.length - 1] === "e" && w.length - 1 >= pV) cut(1);
      return true;
    }
    function residual() {
      if (w.length >= 2 && w[w.length - 1] === "s" && KEEP_WITH_S.indexOf(w[w.length - 2]) < 0) cut(1);
      var s = longest(RESIDUAL.list, pV);
      if (!s) return;
      var k = s.length, start = w.length - k;
      switch (RESIDUAL.codes[s.join("")]) {
        case 1:
          if (start >= p2 && start - 1 >= pV && (w[start - 1] === "s" || w[start - 1] === "t")) cut(k);
          break;
        case 2: put(k, "i"); break;
        case 3: cut(k); break;
        case 4: if (start - 2 >= pV && w[start - 2] === "g" && w[start - 1] === "u") cut(k); break;
      }
    }

    if (standard() || iVerb() || verb()) {
      var last = w[w.length - 1];
      if (last === "Y") w[w.length - 1] = "i";
      else if (last === "ç") w[w.length - 1] = "c";
    } else {
      residual();
    }
    if (longest(UNDOUBLE, 0)) cut(1);
    var j = w.length - 1;
    while (j >= 0 && !isV(w[j])) j--;
    if (j < w.length - 1 && j >= 0 && (w[j] === "é" || w[j] === "è")) w[j] = "e";
    return w.join("").replace(/[IUY]/g, function (m) { return m.toLowerCase(); });
  }

  // A phone number typed with spaces, dots or +33 (« 01 30 22 40 00 ») becomes the one word
  // the index also holds for it (« 0130224000 »): its two-digit parts alone are in every number.
  function phones(query) {
    return query.replace(/(^|[^\d+])(?:\+33[\s.-]?(?:\(0\)[\s.-]?)?|0[\s.-]?)([1-9](?:[\s.-]?\d){8})(?![\d])/g, function (all, before, rest) {
      return before + "0" + rest.replace(/\D/g, "");
    });
  }

  var api = { fold: fold, words: words, analyze: analyze, stem: stem, term: term, phones: phones };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  /* ---------- Loading shards (script tags: works over http and file://) ---------- */

  var script = document.currentScript;
  var base = script ? script.src.replace(/search\/runtime\.js(\?.*)?$/, "") : "";
  var pending = {};
  var loaded = {};

  root.covidactuShard = function (name, data) {
    loaded[name] = data;
    if (pending[name]) { pending[name].resolve(data); }
  };

  function load(name) {
    if (loaded[name] !== undefined) return Promise.resolve(loaded[name]);
    if (pending[name]) return pending[name].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var tag = document.createElement("script");
      tag.src = base + "search/" + name + ".js";
      tag.async = true;
      tag.onerror = function () {
        delete pending[name];
        if (name.indexOf("t/") === 0 || name.indexOf("a/") === 0) { loaded[name] = ""; resolve(""); }
        else reject(new Error("covidactu: cannot load " + tag.src));
      };
      document.head.appendChild(tag);
    });
    pending[name] = entry;
    return entry.promise;
  }

  function hex(term) { return term.codePointAt(0).toString(16); }

  function decode64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  var dictionaries = {};
  var bitmapBytes = 0;
  /** Dictionary of the terms starting with the first character of `term`. */
  function dictionary(term) {
    var key = hex(term);
    if (dictionaries[key]) return Promise.resolve(dictionaries[key]);
    return load("t/" + key).then(function (text) {
      var entries = [], prev = "";
      (text || "").split("\n").forEach(function (line) {
        if (!line) return;
        var f = line.split("\t");
        var t = prev.slice(0, parseInt(f[0], 36)) + f[1];
        prev = t;
        entries.push({ term: t, df: parseInt(f[2], 36), shard: parseInt(f[3], 36), offset: parseInt(f[4], 36),
          length: parseInt(f[5], 36), bitmapBytes: bitmapBytes });
      });
      var map = {};
      entries.forEach(function (e) { map[e.term] = e; });
      dictionaries[key] = { entries: entries, map: map };
      return dictionaries[key];
    });
  }

  var shards = {};
  /** A term's postings: {docs: Int32Array, scores: Float32Array}, decoded once. */
  function postings(entry) {
    if (entry.decoded) return Promise.resolve(entry.decoded);
    var p = shards[entry.shard] ? Promise.resolve(shards[entry.shard])
      : load("p/" + entry.shard).then(function (s) { shards[entry.shard] = decode64(s); return shards[entry.shard]; });
    return p.then(function (bytes) {
      var pos = entry.offset;
      function varint() {
        var v = 0, shift = 0, b;
        do { b = bytes[pos++]; v += (b & 127) * Math.pow(2, shift); shift += 7; } while (b & 128);
        return v;
      }
      function decodeScore(q) { return (Math.exp(q / 32) - 1) / 4; }
      var form = bytes[pos++];
      var count = varint(), doc = 0, docs = [], scores = [], i;
      for (i = 0; i < count; i++) {
        doc += varint();
        docs.push(doc);
        scores.push(decodeScore(bytes[pos++]));
      }
      if (form !== 0) {
        var floor = decodeScore(bytes[pos++]);
        if (form === 1) {
          for (i = 0; i < entry.bitmapBytes; i++) {
            var byte = bytes[pos + i];
            if (!byte) continue;
            for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) { docs.push(i * 8 + bit); scores.push(floor); }
          }
        } else {
          var rest = varint();
          doc = 0;
          for (i = 0; i < rest; i++) { doc += varint(); docs.push(doc); scores.push(floor); }
        }
      }
      entry.decoded = { docs: Int32Array.from(docs), scores: Float32Array.from(scores) };
      return entry.decoded;
    });
  }

  function editDistanceAtMostOne(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  var metaPromise = null;
  function meta() {
    if (!metaPromise) {
      metaPromise = load("meta").then(function (m) {
        if (m.version !== FORMAT_VERSION) {
          throw new Error("covidactu: the search index has format " + m.version + " and this runtime reads format " +
            FORMAT_VERSION + ": a cached file from another build? reload the page");
        }
        bitmapBytes = Math.ceil(m.n / 8);
        // The dictionary of synonym groups (a few hundred bytes) is loaded with the metadata:
        // waiting for it when a typed word first reaches a synonym cost a round trip.
        if (m.members && Object.keys(m.members).length) dictionary("_");
        return m;
      });
    }
    return metaPromise;
  }

  /** The words of a query with their candidate terms and weights. */
  function plan(query, m) {
    var ws = words(query);
    var typing = !/\s$/.test(query);
    var items = [];
    ws.forEach(function (w, i) {
      var t = term(w.word);
      if (t === null && ws.length > 1) return;
      items.push({ word: w.word, term: t === null ? stem(w.word) : t, last: typing && i === ws.length - 1 });
    });
    // Synonyms: single terms, and phrases of several terms.
    items.forEach(function (it) { it.groups = (m.syn[it.term] || []).slice(); });
    (m.phrases || []).forEach(function (ph) {
      var terms = ph[0], group = ph[1];
      for (var s = 0; s + terms.length <= items.length; s++) {
        var ok = true;
        for (var k = 0; k < terms.length; k++) if (items[s + k].term !== terms[k]) { ok = false; break; }
        if (ok) for (k = 0; k < terms.length; k++) items[s + k].groups.push(group);
      }
    });
    return items;
  }

  function candidates(item) {
    var found = [];
    return dictionary(item.term).then(function (d) {
      var seen = {};
      function add(entry, weight, kind) {
        if (!entry || (seen[entry.term] && seen[entry.term].weight >= weight)) return;
        seen[entry.term] = { entry: entry, weight: weight, kind: kind };
      }
      add(d.map[item.term], 1, "exact");
      if (item.last) {
        d.entries.filter(function (e) { return e.term !== item.term && e.term.indexOf(item.word) === 0; })
          .sort(function (a, b) { return b.df - a.df; }).slice(0, 5)
          .forEach(function (e) { add(e, 0.7, "prefix"); });
      }
      // One edit for words of five letters or more, when the word is not in the index: the
      // stem of a misspelt word is unreliable, so the typed word is also compared with the
      // stems it may begin with.
      if (item.word.length >= 5 && !d.map[item.term]) {
        d.entries.filter(function (e) {
          if (e.term === item.term || e.term.length < 4) return false;
          if (editDistanceAtMostOne(e.term, item.term)) return true;
          if (item.word.length - e.term.length > 5) return false;
          for (var k = -1; k <= 1; k++) {
            if (editDistanceAtMostOne(e.term, item.word.slice(0, e.term.length + k))) return true;
          }
          return false;
        }).sort(function (a, b) { return b.term.length - a.term.length || b.df - a.df; }).slice(0, 3)
          .forEach(function (e) { add(e, 0.4, "typo"); });
      }
      return Promise.all(item.groups.map(function (g) { return dictionary(g); })).then(function (ds) {
        ds.forEach(function (gd, k) { add(gd.map[item.groups[k]], 0.8, "synonym"); });
        Object.keys(seen).forEach(function (t) { found.push(seen[t]); });
        return found;
      });
    });
  }

  function kindOf(m, doc) {
    if (!m.kindBytes) m.kindBytes = decode64(m.kinds);
    return KINDS[(m.kindBytes[doc >> 1] >> ((doc & 1) * 4)) & 15];
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; });
  }

  /** A snippet of `text` around the matched terms, with <mark>. */
  function snippet(text, marked, width) {
    var tokens = analyze(text).filter(function (t) { return marked[t.term]; });
    if (!tokens.length) {
      var cut = text.length > width ? text.slice(0, width).replace(/\s+\S*$/, "") + " …" : text;
      return escapeHtml(cut);
    }
    var best = 0, bestCount = 0;
    for (var i = 0; i < tokens.length; i++) {
      var count = 0;
      for (var j = i; j < tokens.length && tokens[j].start < tokens[i].start + width; j++) count++;
      if (count > bestCount) { best = i; bestCount = count; }
    }
    var start = Math.max(0, tokens[best].start - 40);
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < tokens[best].start ? sp + 1 : start; }
    var end = Math.min(text.length, start + width);
    if (end < text.length) { var se = text.lastIndexOf(" ", end); if (se > tokens[best].end) end = se; }
    var html = start > 0 ? "… " : "", pos = start;
    tokens.forEach(function (t) {
      if (t.start < start || t.end > end) return;
      html += escapeHtml(text.slice(pos, t.start)) + "<mark>" + escapeHtml(text.slice(t.start, t.end)) + "</mark>";
      pos = t.end;
    });
    html += escapeHtml(text.slice(pos, end)) + (end < text.length ? " …" : "");
    return html;
  }

  function audienceSet(id) {
    return load("a/" + id).then(function (s) { return s ? decode64(s) : new Uint8Array(0); });
  }

  /** Searches the site: resolves to [{url, title, kind, date, snippet, obsolete}], best first. */
  function search(query, options) {
    options = options || {};
    var limit = options.limit || 10;
    return meta().then(function (m) {
      var items = plan(phones(query || ""), m);
      if (!items.length) return [];
      return Promise.all(items.map(candidates)).then(function (perItem) {
        var marked = {};
        var loads = [];
        perItem.forEach(function (cands, w) {
          cands.forEach(function (c) {
            if (c.kind !== "synonym") marked[c.entry.term] = true;
            loads.push(postings(c.entry).then(function (list) { return { w: w, weight: c.weight, list: list }; }));
          });
        });
        items.forEach(function (it) {
          it.groups.forEach(function (g) { (m.members[g] || []).forEach(function (t) { marked[t] = true; }); });
        });
        var audience = options.audience ? audienceSet(options.audience) : Promise.resolve(null);
        return Promise.all([Promise.all(loads), audience]).then(function (r) {
          var lists = r[0], allowed = r[1];
          var words = items.length, best = new Float32Array(m.n * words), touched = [], seen = new Uint8Array(m.n);
          lists.forEach(function (l) {
            var docs = l.list.docs, scores = l.list.scores;
            for (var i = 0; i < docs.length; i++) {
              var doc = docs[i], s = scores[i] * l.weight, at = doc * words + l.w;
              if (!seen[doc]) { seen[doc] = 1; touched.push(doc); }
              if (s > best[at]) best[at] = s;
            }
          });
          var ranked = [];
          touched.forEach(function (doc) {
            if (!options.includeObsolete && doc >= m.obsolete) return;
            if (options.kind && kindOf(m, doc) !== options.kind) return;
            if (allowed && !(allowed[doc >> 3] & (1 << (doc & 7)))) return;
            var matched = 0, score = 0;
            for (var k = 0; k < words; k++) { var v = best[doc * words + k]; if (v > 0) { matched++; score += v; } }
            ranked.push({ doc: doc, matched: matched, score: score, obsolete: doc >= m.obsolete ? 1 : 0 });
          });
          // Most query words first; obsolete protocols after current ones; then relevance;
          // then recency (documents are numbered newest first).
          ranked.sort(function (a, b) {
            return b.matched - a.matched || a.obsolete - b.obsolete || b.score - a.score || a.doc - b.doc;
          });
          var top = ranked.slice(0, limit);
          return Promise.all(top.map(function (r) { return load("f/" + r.doc); })).then(function (frags) {
            return frags.map(function (f, i) {
              return {
                url: base + f.u + (m.relative ? "index.html" : "") + (f.h ? "#" + f.h : ""),
                title: f.t,
                kind: f.k,
                date: f.d || null,
                obsolete: top[i].doc >= m.obsolete,
                unpublished: f.b || null,
                snippet: snippet(f.x, marked, 180)
              };
            });
          }).then(function (results) {
            results.total = ranked.length;
            return results;
          });
        });
      });
    });
  }

  root.covidactu = { search: search, analyze: analyze, stem: stem, fold: fold, professions: function () {
    return meta().then(function (m) { return m.professions; });
  } };
})(typeof window !== "undefined" ? window : globalThis);
