/* gongkai: the site search in Material's header, on the Pagefind index the build writes
   into pagefind/ (generator/mkdocs_hooks.py, generator/search.py).

   The index holds overlapping pairs of tokens (a token is a Chinese character or a run of
   letters or digits): 科技 技创 创新 新券. A query is cut the same way (queryWords and
   queryTerms, the mirrors of generator.search.query_words and query_terms) and asked as
   an exact phrase ("科技 技创 创新 新券"), so it finds exactly the pages containing it; a
   query of one token is asked as the beginning of a word (Pagefind finds the words that
   begin so: the pairs that begin with that token). Results
   are ranked by the kind of page (documents, then cited policies, topics and regions,
   indicators, the rest), then by where the phrase occurs (in the title or 发文字号, in the
   other fields a document states, in the text, only in the topics it was assigned), then
   by how early. The kind of every result is known from pagefind/gongkai-search.json,
   which lists the pages of each kind but documents (else it is told by the page's
   address for the first RANK_WINDOW results); where the phrase occurs needs each result's
   record, loaded for those results; each page's indexed text is its title, then its metadata (发文字号, 发文机关,
   …), then its text, so the first position orders the rest. The punctuation and spaces of each token come coded
   at the ends of its word (shownToken, the mirror of generator.search.shown_tokens), the
   codes numbering the marks listed in pagefind/gongkai-search.json (and shards of an
   index, searched together, where a site has them: the build merges its own into one). pagefind.js is loaded from this site,
   relative to the page, the first time the search box is used; nothing is fetched from
   elsewhere. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;          // results rendered at a time (more on scrolling)
  var DEBOUNCE_MS = 120;
  var EXCERPT_BEFORE = 20;     // tokens shown before the first match
  var EXCERPT_LENGTH = 100;    // tokens in an excerpt
  var SPACE_MARK = "\u2060";   // a token ending with it was followed by a space
  var GLUE = "\u203f";         // ‿ between two runs of letters or digits in a pair
  var CODE_DIGITS = "!#$%&'()*+,-./:;<=>?@[]^`{|}~";  // of the mark codes in indexed words
  var MANIFEST = "gongkai-search.json";  // the marks and the shards, next to pagefind.js
  var RANK_WINDOW = PAGE_SIZE; // results whose records are loaded to rank them: the first screen (more on scrolling)
  /* Kinds of page, in the order results are ranked; those not listed come last. */
  var KINDS = ["document", "policy", "topic", "region", "indicator", "data", "about", "home", "listing"];
  var KIND_RANK = { document: 0, policy: 1, topic: 2, region: 2, indicator: 3, data: 4, about: 4, home: 5, listing: 6 };
  var KIND_LABEL = { policy: "引用的政策", topic: "主题", region: "地区", indicator: "指标", data: "开放数据",
                     about: "关于本站", home: "首页", listing: "列表" };
  var INFO_FIELDS = ["doc_type", "doc_number", "agency", "date"];  // shown under a result's title
  var STATED = ["agency", "proposer", "proposal_number", "region", "doc_type", "date"];  // fields a document states
  var CJK = /[\u3007\u3040-\u309f\u30a0-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var WORD = /[\p{L}\p{N}_]/u;

  /* ---- words: the mirror of generator/search.py ---- */

  function kind(ch) {
    if (CJK.test(ch)) return "cjk";
    if (WORD.test(ch)) return "word";
    return /\s/.test(ch) ? "space" : "punct";
  }

  /* The words of a query: NFKC, lower case, CJK characters one by one, no punctuation. */
  function queryWords(query) {
    var words = [];
    var prev = "space";
    for (var ch of query.normalize("NFKC").toLowerCase()) {
      var k = kind(ch);
      if (k === "word" && prev === "word") words[words.length - 1] += ch;
      else if (k === "word" || k === "cjk") words.push(ch);
      prev = k;
    }
    return words;
  }

  /* The words Pagefind is asked for: as an exact phrase, the pairs of the query's tokens,
     or as the beginning of a word its only token (a run of letters or digits ends with
     GLUE in every indexed word, so 2023 does not find 20231). */
  function queryTerms(words) {
    function glued(w) { return kind(Array.from(w).pop()) === "word" ? w + GLUE : w; }
    if (words.length < 2) return words.map(glued);
    var terms = [];
    for (var i = 0; i + 1 < words.length; i++) terms.push(glued(words[i]) + words[i + 1]);
    return terms;
  }

  /* An indexed token split into [punctuation before, word, punctuation and space after]. */
  function splitToken(token) {
    var chars = Array.from(token);
    var a = 0, b = chars.length;
    while (a < b && kind(chars[a]) !== "cjk" && kind(chars[a]) !== "word") a++;
    while (b > a && kind(chars[b - 1]) !== "cjk" && kind(chars[b - 1]) !== "word") b--;
    var word = chars.slice(a, b).join("");
    var spaces = new RegExp(SPACE_MARK, "g");
    return {
      before: chars.slice(0, a).join("").replace(spaces, " "),
      word: word,
      after: chars.slice(b).join("").replace(spaces, " "),
      key: queryWords(word).join("")
    };
  }

  /* The number coded by ``digits`` (generator.search._code). */
  function codeNumber(digits) {
    var n = 0;
    for (var i = 0; i < digits.length; i++) n = n * CODE_DIGITS.length + CODE_DIGITS.indexOf(digits[i]);
    return n;
  }

  /* The token an indexed pair shows: its first core, with the marks coded at its ends. */
  function shownToken(word, marks) {
    var chars = Array.from(word);
    var a = 0, b = chars.length;
    while (a < b && CODE_DIGITS.indexOf(chars[a]) >= 0) a++;
    while (b > a && CODE_DIGITS.indexOf(chars[b - 1]) >= 0) b--;
    var pre = a ? marks[codeNumber(chars.slice(0, a))] || "" : "";
    var post = b < chars.length ? marks[codeNumber(chars.slice(b))] || "" : "";
    var middle = chars.slice(a, b);
    var end = middle.indexOf(GLUE);
    if (end < 0 && middle.length && kind(middle[0]) === "cjk") end = 1;
    if (end < 0) {
      end = 0;
      while (end < middle.length && kind(middle[end]) === "word") end++;
    }
    return pre + middle.slice(0, end).join("") + post;
  }

  /* The tokens of indexed text: metadata (tokens separated by spaces) or, given ``marks``,
     the first ``count`` words of a page's text (its pairs). */
  function tokensOf(indexed, marks, count) {
    var words = (indexed || "").split(" ").filter(Boolean);
    if (marks) {
      words = words.slice(0, count).map(function (w) { return shownToken(w, marks); });
    }
    return words.map(splitToken);
  }

  /* Start indexes of the phrase ``words`` in ``tokens``. */
  function occurrences(tokens, words) {
    var found = [];
    if (!words.length) return found;
    outer: for (var i = 0; i + words.length <= tokens.length; i++) {
      for (var j = 0; j < words.length; j++) {
        if (tokens[i + j].key !== words[j]) continue outer;
      }
      found.push(i);
    }
    return found;
  }

  /* tokens[from, to) as text, the phrase ``words`` marked wherever it occurs. */
  function render(tokens, words, from, to) {
    var out = document.createDocumentFragment();
    var marked = {};
    occurrences(tokens, words).forEach(function (i) {
      for (var j = 0; j < words.length; j++) marked[i + j] = j === words.length - 1 ? "end" : "in";
    });
    var plain = "", mark = null;
    function flush() {
      if (plain) out.appendChild(document.createTextNode(plain));
      plain = "";
    }
    for (var i = from; i < to; i++) {
      var tok = tokens[i];
      if (mark) mark.textContent += tok.before;
      else plain += tok.before;
      if (marked[i] && !mark) {
        flush();
        mark = document.createElement("mark");
      }
      if (mark) mark.textContent += tok.word;
      else plain += tok.word;
      if (mark && marked[i] === "end") {
        out.appendChild(mark);
        mark = null;
      }
      var after = i === to - 1 ? tok.after.trimEnd() : tok.after;
      if (mark) mark.textContent += after;
      else plain += after;
    }
    if (mark) out.appendChild(mark);
    flush();
    return out;
  }

  /* The kind of the page at ``path`` (its address under the site's root, decoded, no
     leading slash), for a page whose record holds no kind word (the kinds
     generator/output/search.py gives). */
  function kindOfPath(path) {
    var parts = path.replace(/(^|\/)index\.html$/, "").split("/").filter(Boolean);
    if (!parts.length) return "home";
    var folder = parts[0], rest = parts.slice(1).join("/");
    var index = !rest || /^index--\d+$/.test(rest);
    var own = { documents: "document", policies: "policy", topic: "topic", region: "region", indicators: "indicator" };
    if (own[folder]) {
      if (index || (folder === "policies" && /^unresolved(--\d+)?$/.test(rest)) ||
          (folder === "indicators" && /^other(--\d+)?$/.test(rest))) return "listing";
      return own[folder];
    }
    if (folder === "genre" || folder === "agency" || folder === "year") return "listing";
    if (folder === "data" || folder === "about") return folder;
    return "other";
  }

  /* The rank of a result: [kind, where the phrase occurs, how early, Pagefind's order]. */
  function rankKey(r) {
    return [r.kindRank, r.where, r.first, r.rank];
  }

  function byRank(a, b) {
    var x = rankKey(a), y = rankKey(b);
    for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  }

  /* Node (the tests) gets the word functions; the rest needs the page. */
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { queryWords: queryWords, queryTerms: queryTerms, shownToken: shownToken, tokensOf: tokensOf,
                       occurrences: occurrences, kindOfPath: kindOfPath, byRank: byRank };
  }
  if (typeof document === "undefined") return;

  var root = document.querySelector(".gk-search");
  if (!root) return;
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var output = root.querySelector(".md-search-result");
  var status = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  if (!input || !output || !status || !list || !toggle) return;

  var config = readConfig();
  var t = config.translations || {};
  var text = {
    initializer: "正在初始化搜索引擎",
    placeholder: t["search.result.placeholder"] || "键入以开始搜索",
    none: t["search.result.none"] || "没有找到符合条件的结果",
    one: t["search.result.one"] || "找到 1 个符合条件的结果",
    other: t["search.result.other"] || "# 个符合条件的结果",
    failed: "搜索暂时无法使用"
  };

  function readConfig() {
    try {
      return JSON.parse(document.getElementById("__config").textContent);
    } catch (e) {
      return {};
    }
  }

  /* Where an excerpt showing tokens[first] starts: at ``from``, or later at the start of
     a sentence, clause or block (not in the middle of a word). */
  function excerptStart(tokens, from, first) {
    for (var i = from; i < first; i++) {
      if (i === 0 || /[\s。！？；，、：]$/.test(tokens[i - 1].after)) return i;
    }
    return from;
  }

  /* ---- Pagefind ---- */

  var pagefind = null;

  /* Run ``start`` with the page's language set to ``lang``: Pagefind takes the language of
     its queries from <html lang> when it starts, and would cut a zh query into words
     (技创 into 技 创), where the index holds pairs of characters. */
  function withLanguage(lang, start) {
    var html = document.documentElement;
    var was = html.getAttribute("lang");
    html.setAttribute("lang", lang);
    try {
      return start();
    } finally {
      if (was === null) html.removeAttribute("lang");
      else html.setAttribute("lang", was);
    }
  }

  /* Pagefind, started, with the shards merged in, and the marks: {pf, marks}. */
  function loadPagefind() {
    if (!pagefind) {
      var bundle = new URL(root.getAttribute("data-gk-index"), document.baseURI).href;
      var base = siteRoot();
      var manifest = fetch(new URL(MANIFEST, bundle).href).then(function (r) {
        if (!r.ok) throw new Error(MANIFEST + ": " + r.status);
        return r.json();
      });
      pagefind = Promise.all([import(bundle), manifest]).then(function (loaded) {
        var pf = loaded[0], m = loaded[1];
        return pf.options({ baseUrl: base })
          .then(function () { return withLanguage("und", function () { return pf.init(); }); })
          .then(function () {
            return Promise.all((m.shards || []).map(function (dir) {
              return pf.mergeIndex(new URL(dir, bundle).pathname, { language: "und", baseUrl: base });
            }));
          })
          .then(function () { return { pf: pf, marks: m.marks || [], kinds: pageKinds(m.kinds) }; });
      });
      pagefind.catch(function () { pagefind = null; });  // try again on the next query
    }
    return pagefind;
  }

  /* The site's root, as a path (config.base is relative to the page, or to its <base>). */
  function siteRoot() {
    return new URL(config.base || ".", document.baseURI).pathname;
  }

  /* The kind of page a result is, told by its address. */
  function kindOf(data) {
    var path = new URL(data.url, location.href).pathname, root = siteRoot();
    path = path.indexOf(root) === 0 ? path.slice(root.length) : path.replace(/^\//, "");
    try {
      path = decodeURIComponent(path);
    } catch (e) { /* keep it encoded */ }
    return kindOfPath(path);
  }

  /* Where the phrase of ``words`` occurs in a result's record: 0 in its title or 发文字号,
     1 in the other fields the document states (issuer, proposer, …), 2 in its text, 3
     only in its topics (assigned from a vocabulary, not the document's words) or across
     the ends of two fields. */
  function whereFound(data, words, marks) {
    var meta = data.meta || {};
    if (occurrences(tokensOf(meta.title), words).length ||
        occurrences(tokensOf(meta.doc_number), words).length) return 0;
    for (var key in meta) {
      if (STATED.indexOf(key) >= 0 && occurrences(tokensOf(meta[key]), words).length) return 1;
    }
    var tokens = tokensOf(data.content, marks, codeNumber(meta.end || ""));
    var body = codeNumber(meta.body || "");
    if (occurrences(tokens, words).some(function (i) { return i >= body; })) return 2;
    return 3;
  }

  /* A result's record, loaded once. */
  function record(r) {
    if (!r.loaded) r.loaded = r.data();
    return r.loaded;
  }

  /* The kind of each page, by its Pagefind id: the manifest lists the pages of each kind
     but documents (generator/site/indexer.py), or null when it has no list. */
  function pageKinds(kinds) {
    if (!kinds) return null;
    var byId = {};
    Object.keys(kinds).forEach(function (kind) {
      kinds[kind].forEach(function (id) { byId[id] = kind; });
    });
    return byId;
  }

  /* The pages containing the phrase of ``words``, ranked (see the top of this file). */
  function find(pf, words, marks, kinds) {
    var terms = queryTerms(words);
    var phrase = terms.length < 2 ? terms[0] : "\"" + terms.join(" ") + "\"";  // one token: words beginning so
    return pf.search(phrase).then(function (found) {
      var results = found ? found.results.slice() : [];
      results.forEach(function (r, i) {
        r.rank = i;
        r.first = r.words && r.words.length ? Math.min.apply(null, r.words) : 0;
        r.kind = kinds ? kinds[r.id] || "document" : null;
        r.kindRank = r.kind ? (r.kind in KIND_RANK ? KIND_RANK[r.kind] : 9) : 0;
        r.where = 0;
      });
      results.sort(byRank);
      var head = results.slice(0, RANK_WINDOW);
      return Promise.all(head.map(record)).then(function (records) {
        records.forEach(function (data, i) {
          var kind = head[i].kind || kindOf(data);
          head[i].kindRank = kind in KIND_RANK ? KIND_RANK[kind] : 9;
          head[i].where = whereFound(data, words, marks);
        });
        return head.sort(byRank).concat(results.slice(RANK_WINDOW));
      });
    });
  }

  /* ---- results ---- */

  var current = { words: [], results: [], shown: 0, loading: false, marks: [] };

  function setStatus(message) {
    status.textContent = message;
  }

  function count(n) {
    if (n === 0) return text.none;
    if (n === 1) return text.one;
    return text.other.replace("#", n);
  }

  function item(data, words, marks) {
    var meta = data.meta || {};
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    var titleTokens = tokensOf(meta.title);
    title.appendChild(render(titleTokens, words, 0, titleTokens.length));
    article.append(icon, title);
    var info = INFO_FIELDS.filter(function (k) { return meta[k]; });
    var kind = kindOf(data);
    if (info.length || KIND_LABEL[kind]) {
      var line = document.createElement("p");
      line.className = "gk-search-result__info";
      if (!info.length) line.textContent = KIND_LABEL[kind];
      info.forEach(function (k, i) {
        if (i) line.appendChild(document.createTextNode(" · "));
        var toks = tokensOf(meta[k]);
        var part = render(toks, words, 0, toks.length);
        if (k === "doc_type") {
          var genre = document.createElement("span");
          genre.className = "gk-search-result__genre";
          genre.appendChild(part);
          part = genre;
        }
        line.appendChild(part);
      });
      article.appendChild(line);
    }
    var tokens = tokensOf(data.content, marks, codeNumber(meta.end || ""));  // its pairs
    var body = Math.min(codeNumber(meta.body || ""), tokens.length);  // where the text starts
    if (tokens.length > body) {
      var found = occurrences(tokens, words).filter(function (i) { return i >= body; });
      var first = found[0];
      var from = first === undefined ? body : excerptStart(tokens, Math.max(body, first - EXCERPT_BEFORE), first);
      var to = Math.min(tokens.length, from + EXCERPT_LENGTH);
      found.forEach(function (i) { if (i < to) to = Math.max(to, i + words.length); });  // no half matches
      var excerpt = document.createElement("p");
      if (from > body) excerpt.appendChild(document.createTextNode("…"));
      excerpt.appendChild(render(tokens, words, from, to));
      if (to < tokens.length) excerpt.appendChild(document.createTextNode("…"));
      article.appendChild(excerpt);
    }
    link.appendChild(article);
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.appendChild(link);
    return li;
  }

  /* Render the next PAGE_SIZE results of the current search, each as soon as it and
     those before it are loaded. */
  function showMore() {
    var state = current;
    if (state.loading || state.shown >= state.results.length) return Promise.resolve();
    state.loading = true;
    var chain = Promise.resolve();
    state.results.slice(state.shown, state.shown + PAGE_SIZE).forEach(function (r) {
      var loaded = record(r);
      chain = chain.then(function () { return loaded; }).then(function (data) {
        if (state !== current) return;
        list.appendChild(item(data, state.words, state.marks));
        state.shown += 1;
      });
    });
    return chain.catch(function (e) {
      console.warn("gongkai search:", e);
    }).then(function () {
      state.loading = false;
    });
  }

  /* Search for ``query`` and show the first results; aria-busy is "true" until then. */
  function run(query) {
    var words = queryWords(query);
    var state = { words: words, results: [], shown: 0, loading: false, marks: [] };
    current = state;
    output.setAttribute("aria-busy", "true");
    function done() {
      if (state === current) output.setAttribute("aria-busy", "false");
    }
    if (!words.length) {
      list.textContent = "";
      setStatus(text.placeholder);
      done();
      return Promise.resolve();
    }
    if (!pagefind) setStatus(text.initializer);
    return loadPagefind().then(function (loaded) {
      state.marks = loaded.marks;
      return find(loaded.pf, words, loaded.marks, loaded.kinds);
    }).then(function (results) {
      if (state !== current) return;
      state.results = results;
      list.textContent = "";
      setStatus(count(results.length));
      return showMore();
    }).catch(function (e) {
      if (state !== current) return;
      console.warn("gongkai search:", e);
      list.textContent = "";
      setStatus(text.failed);
    }).then(done);
  }

  /* ---- the search box, as Material's ---- */

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  var timer = null;
  function schedule() {
    output.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
  }
  input.addEventListener("input", function (ev) {
    if (!ev.isComposing) schedule();  // not the pinyin of a word still being composed
  });
  input.addEventListener("compositionend", schedule);
  input.addEventListener("focus", function () {
    setTimeout(function () { setOpen(true); }, 0);  // after a label's own toggling
    loadPagefind().catch(function () {});
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      run("");
      input.focus();
    }, 0);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var best = list.querySelector(".md-search-result__link");
    if (best) best.click();
  });
  list.addEventListener("click", function (ev) {
    if (ev.target instanceof Element && ev.target.closest("a")) setOpen(false);
  });
  scrollwrap.addEventListener("scroll", function () {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 64) showMore();
  });
  /* The magnifier button of small screens opens the search: bring up the keyboard too. */
  document.querySelectorAll(".md-header__button[for=__search]").forEach(function (label) {
    label.addEventListener("click", function () { input.focus(); });
  });

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !typing(active)) {
        ev.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    if (ev.key === "Escape") {
      setOpen(false);
      input.blur();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var els = [input].concat(Array.from(list.querySelectorAll(".md-search-result__link")));
      var i = Math.max(0, els.indexOf(active));
      i = (i + els.length + (ev.key === "ArrowUp" ? -1 : 1)) % els.length;
      els[i].focus();
      if (i === els.length - 1) showMore();
      ev.preventDefault();
    }
  });

  /* ?q=… opens the search with that query, as in Material. */
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    input.focus();
    run(q);
  }
})();
