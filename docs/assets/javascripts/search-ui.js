/*
 * Site search in Material's search box (overrides/partials/search.html), for every engine:
 * the reader's query is rewritten to meet the Pagefind index that `briefing index` builds
 * from the finished pages (hooks/briefing/website/site_search.py), then searched with
 * Pagefind's own script, loaded on first use from pagefind/.
 *
 * Before a query reaches Pagefind it is:
 * - folded: no accents or diacritics ("Yōko" finds "Yoko"), apostrophes inside a word
 *   dropped ("Ma'am" finds "Ma’am"), a possessive "'s" split off;
 * - read as an amount where it is one: currency signs and thousands separators go
 *   ("$59,600,000" finds 59600000), "2.7m" and "1.7bn" become "2.7 million" and
 *   "1.7 billion", "52 percent" becomes "52";
 * - read as a date where it is one: "Aug" is "August", "2024-08" is "August 2024";
 * - freed of question words ("who is", "when did"), which no page holds; "who" ranks people
 *   first, and "when", a month or a year ranks records first.
 * Then each word of three letters or more that no page holds is corrected against the
 * site's own words (pagefind/briefing-words/, one small file per first letter, fetched as
 * needed): two words run together or one split in two ("Hun Manet" typed "Hunmanet",
 * "Sihanoukville" typed "Sihanouk ville"), and one typo in a word of five letters or more
 * ("Kishda"; a swap of two letters counts as one). A word that no page holds in any of these
 * forms is left out ("coastguard boats" finds the boats).
 */
;(function () {
  "use strict"

  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"]
  var MONTH_ABBREVIATIONS = { jan: 0, feb: 1, mar: 2, apr: 3, jun: 5, jul: 6, aug: 7,
    sep: 8, sept: 8, oct: 9, nov: 10, dec: 11 }
  /* Words of a question that say what is asked, not what it is about. */
  var QUESTION_WORDS = ["who", "whom", "whose", "what", "when", "where", "which", "why", "how",
    "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "the", "a", "an",
    "of", "about", "tell", "me", "much", "many"]
  var MIN_TYPO = 5
  /* A match in an actor's, an agreement's or an event's title (or its aids) adds to the
     score: the fields
     hooks/briefing/website/site_search.py writes (META_FIELDS). */
  var RANKING = { metaWeights: { title: 5, actor: 50, agreement: 12, record: 10 } }
  /* "Who …" asks for a person; "when …", or a month or a year, for what happened. */
  var PERSON = { metaWeights: { title: 5, actor: 100, agreement: 12, record: 10 } }
  var DATED = { metaWeights: { title: 5, actor: 0, agreement: 30, record: 30, when: 40 } }
  var YEAR = /^(1[89]|20)\d\d$/
  var RESULTS = 10

  function fold(query) {
    return query
      .normalize("NFKD")
      .replace(/[\u0300-\u036f\u3099\u309a]/g, "")
      .replace(/([A-Za-z\d])['\u2018\u2019`]s\b/g, "$1 ")
      .replace(/([A-Za-z\d])['\u2018\u2019`](?=[A-Za-z\d])/g, "$1")
  }

  function amounts(query) {
    return query
      .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
      .replace(/(?:\bUS\$|\$|\u00a5|\u20ac)(?=\s?\d)/gi, " ")
      .replace(/(\d(?:\.\d+)?)\s?(?:m|mn|mln|mio)\b/gi, "$1 million")
      .replace(/(\d(?:\.\d+)?)\s?(?:b|bn|bln)\b/gi, "$1 billion")
      .replace(/(\d(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b|pct\b)/gi, "$1 ")
  }

  function dates(query) {
    return query
      .replace(/\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/g, function (all, year, month, day) {
        var name = MONTHS[Number(month) - 1]
        if (!name) return all
        return (day ? Number(day) + " " : "") + name + " " + year
      })
      .replace(/\b([A-Za-z]{3,4})\.?(?=\s|$)/g, function (all, word) {
        var month = MONTH_ABBREVIATIONS[word.toLowerCase()]
        return month === undefined ? all : MONTHS[month]
      })
  }

  function words(query) {
    return query
      .toLowerCase()
      .split(/[\s\-\u2010-\u2015_,:;!?()[\]{}"\u201c\u201d/|+*~^]+/)
      .filter(Boolean)
  }

  function rewrite(query) {
    var all = words(dates(amounts(fold(query))))
    var kept = all.filter(function (word) { return QUESTION_WORDS.indexOf(word) < 0 })
    return kept.length ? kept : all
  }

  function ranking(query) {
    var all = words(dates(amounts(fold(query))))
    if (all[0] === "who" || all[0] === "whom") return PERSON
    var dated = all[0] === "when" || all.some(function (word) {
      return YEAR.test(word) || MONTHS.indexOf(word) >= 0
    })
    return dated ? DATED : RANKING
  }

  /* Damerau-Levenshtein distance of at most one: one letter changed, added, dropped, or two
     neighbours swapped. */
  function oneEdit(a, b) {
    if (a === b) return true
    var la = a.length, lb = b.length
    if (Math.abs(la - lb) > 1) return false
    var i = 0
    while (i < la && i < lb && a[i] === b[i]) i++
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }

  /* The site's words that begin with a word's first letter (pagefind/briefing-words/). */
  var shards = {}
  function shard(word) {
    var name = /^[a-z]/.test(word) ? word[0] : "_"
    if (!shards[name]) {
      shards[name] = fetch(new URL("pagefind/briefing-words/" + name + ".json", root))
        .then(function (response) { return response.ok ? response.json() : [] })
        .catch(function () { return [] })
    }
    return shards[name]
  }

  function known(word) {
    return shard(word).then(function (list) { return list.indexOf(word) >= 0 })
  }

  /* One query word as the site writes it: itself if a page holds it (or begins with it,
     as a word being typed), else joined with the next word, split in two, or one typo
     away, with the same first letter. Returns [words used, query words consumed]. */
  function correctOne(word, next) {
    if (word.length < 3 || /[^a-z]/.test(word)) return Promise.resolve([[word], 1])
    return shard(word).then(function (list) {
      if (list.indexOf(word) >= 0) return [[word], 1]
      var joined = next && /^[a-z]+$/.test(next) ? word + next : null
      if (joined && list.indexOf(joined) >= 0) return [[joined], 2]
      if (list.some(function (w) { return w.lastIndexOf(word, 0) === 0 })) return [[word], 1]
      if (word.length >= MIN_TYPO) {
        var near = list.filter(function (w) { return oneEdit(word, w) })
        if (near.length) return [[near[0]], 1]
      }
      /* No page holds it, however typed: left out, so the other words still find. */
      return splitWord(word).then(function (parts) { return [parts || [], 1] })
    })
  }

  function splitWord(word) {
    var cuts = []
    for (var cut = 3; cut <= word.length - 3; cut++) cuts.push(cut)
    return Promise.all(cuts.map(function (cut) {
      return Promise.all([known(word.slice(0, cut)), known(word.slice(cut))])
    })).then(function (found) {
      for (var i = 0; i < cuts.length; i++) {
        if (found[i][0] && found[i][1]) return [word.slice(0, cuts[i]), word.slice(cuts[i])]
      }
      return null
    })
  }

  function correct(terms) {
    var out = []
    function step(i) {
      if (i >= terms.length) return Promise.resolve(out.length ? out : terms)
      return correctOne(terms[i], terms[i + 1]).then(function (result) {
        out.push.apply(out, result[0])
        return step(i + result[1])
      })
    }
    return step(0)
  }

  var script = document.currentScript
  var root = new URL("../../", script.src)
  var loading = null

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        var options = { baseUrl: root.pathname, excerptLength: 24, ranking: RANKING }
        return module.options(options).then(function () {
          return module
        })
      })
    }
    return loading
  }

  function find(query) {
    return Promise.all([pagefind(), correct(rewrite(query))]).then(function (both) {
      return both[0].options({ ranking: ranking(query) }).then(function () {
        return both[0].search(both[1].join(" "))
      }).then(function (found) {
        return found.results
      })
    })
  }

  /* --- The search panel ------------------------------------------------------------------ */

  var box = document.querySelector("[data-cjb-search]")
  var toggle = document.getElementById("__search")
  if (!box || !toggle) return
  var input = box.querySelector("[data-cjb-search-query]")
  var list = box.querySelector("[data-cjb-search-results]")
  var meta = box.querySelector("[data-cjb-search-meta]")
  var initial = meta.textContent
  var latest = 0
  /* The header's search control is the theme's label for its toggle, which is not a
     control for the keyboard or for assistive technology (and may not take the role of a
     button): it is replaced by a button of the same look that opens the panel. */
  var label = document.querySelector('.md-header__button[for="__search"]')
  var opener = null
  if (label) {
    opener = document.createElement("button")
    opener.type = "button"
    opener.className = label.className
    opener.title = label.title || box.getAttribute("aria-label")
    opener.setAttribute("aria-label", box.getAttribute("aria-label"))
    opener.setAttribute("data-cjb-search-open", "")
    while (label.firstChild) opener.appendChild(label.firstChild)
    label.parentNode.replaceChild(opener, label)
  }

  function element(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) node.textContent = text
    return node
  }

  /* Pagefind's excerpt is escaped text with <mark> around the words found: kept as text
     and marks, nothing else. */
  function excerpt(node, marked) {
    marked.split(/(<mark>[^<]*<\/mark>)/).forEach(function (part) {
      var hit = /^<mark>([^<]*)<\/mark>$/.exec(part)
      var text = (hit ? hit[1] : part).replace(/&(lt|gt|amp|quot|#39|#x27);/g, function (m, e) {
        return { lt: "<", gt: ">", amp: "&", quot: "\"", "#39": "'", "#x27": "'" }[e]
      })
      node.appendChild(hit ? element("mark", "", text) : document.createTextNode(text))
    })
  }

  function show(query, results) {
    list.textContent = ""
    if (!query) {
      meta.textContent = initial
      return
    }
    meta.textContent = results.length === 0 ? "No matching documents"
      : results.length === 1 ? "1 matching document"
      : results.length + " matching documents"
    results.forEach(function (data) {
      var item = element("li", "cjb-search__result")
      var link = element("a")
      link.href = data.url
      link.appendChild(element("span", "cjb-search__title", data.meta.title || data.url))
      var text = element("span", "cjb-search__excerpt")
      excerpt(text, data.excerpt || "")
      link.appendChild(text)
      item.appendChild(link)
      list.appendChild(item)
    })
  }

  function run() {
    var query = input.value.trim()
    var ticket = ++latest
    if (!query) return show("", [])
    find(query)
      .then(function (results) {
        return Promise.all(results.slice(0, RESULTS).map(function (r) { return r.data() }))
      })
      .then(function (data) {
        if (ticket === latest) show(query, data)
      })
      .catch(function () {
        if (ticket === latest) meta.textContent = "Search is unavailable."
      })
  }

  function open() {
    toggle.checked = true
    box.hidden = false
    input.focus()
    pagefind() // load while the reader types
  }

  function close() {
    toggle.checked = false
    box.hidden = true
    if (opener) opener.focus()
  }

  var timer = 0
  input.addEventListener("input", function () {
    clearTimeout(timer)
    timer = setTimeout(run, 60)
  })
  box.querySelector("[data-cjb-search-form]").addEventListener("submit", function (event) {
    event.preventDefault()
    var first = list.querySelector("a")
    if (first) window.location.href = first.href
  })
  box.querySelector("[data-cjb-search-close]").addEventListener("click", close)
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close()
  })
  toggle.addEventListener("change", function () {
    if (toggle.checked) open()
    else close()
  })
  if (opener) opener.addEventListener("click", open)
  document.addEventListener("keydown", function (event) {
    var target = event.target
    if (event.ctrlKey || event.metaKey || event.altKey || !box.hidden) return
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return
    }
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault()
      open()
    }
  })
})()
