/*
 * Site search worker: Material's own lunr worker, loaded inside this one, with the reader's
 * query rewritten to meet the index that hooks/briefing/website/search.py refines.
 *
 * It speaks Material's worker protocol unchanged (SETUP 0, READY 1, QUERY 2, RESULT 3):
 * Material's search box, keyboard shortcuts, result list and highlighting all stay.
 * Before a query reaches lunr it is:
 * - folded: no accents or diacritics ("Yōko" finds "Yoko"), apostrophes inside a word
 *   dropped ("Ma'am" finds "Ma’am"), a possessive "'s" split off;
 * - read as an amount where it is one: currency signs and thousands separators go
 *   ("$59,600,000" finds 59600000), "2.7m" and "1.7bn" become "2.7 million" and
 *   "1.7 billion", "52 percent" becomes "52%";
 * - forgiving: every word of five letters or more also matches with one typo (lunr's
 *   edit distance 1, which counts a swap of two letters as one edit).
 * The engine's address comes in this script's own query string (see search-setup.js).
 */
"use strict"

var SETUP = 0
var QUERY = 2
var RESULT = 3
var LENGTH_NORMALISATION = 0.75
var separator = /[\s\-]+/
var fuzzed = {}

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
    .replace(/(\d(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b|pct\b)/gi, "$1%")
}

/* Each word, split as the index splits it: a hyphenated word also joined ("de-mining" finds
   "demining"), a word of one or two letters matched whole (Material would match it as the
   start of any word), and a word of five letters or more also with one edit. */
function forgiving(query) {
  var terms = []
  fuzzed = {}
  query.split(/\s+/).forEach(function (part) {
    var words = part.split(separator).filter(Boolean)
    if (words.length > 1 && /^[A-Za-z]+(-[A-Za-z]+)+$/.test(part)) words.push(words.join(""))
    words.forEach(function (word) {
      if (word.length < 3) {
        terms.push(word + "^1")
        return
      }
      terms.push(word)
      if (/^[A-Za-z]{5,}$/.test(word)) {
        terms.push(word + "~1")
        fuzzed[word.toLowerCase()] = true
      }
    })
  })
  return terms.join(" ")
}

function rewrite(query) {
  return forgiving(amounts(fold(query)))
}

/* A word matched only with a typo is not "missing" from the result. */
function tidy(result) {
  result.items.forEach(function (group) {
    group.forEach(function (item) {
      Object.keys(item.terms || {}).forEach(function (term) {
        if (fuzzed[term]) delete item.terms[term]
      })
    })
  })
  return result
}

var handlers = []
var addListener = self.addEventListener.bind(self)
var post = self.postMessage.bind(self)
self.addEventListener = function (type, listener, options) {
  if (type === "message") handlers.push(listener)
  else addListener(type, listener, options)
}
self.postMessage = function (message) {
  if (message && message.type === RESULT) message = { type: RESULT, data: tidy(message.data) }
  post(message)
}
importScripts(new URL(self.location.href).searchParams.get("engine"))
delete self.addEventListener

/* Material turns off lunr's length normalisation (BM25's b). Turned back on, of two titles
   that hold the query the shorter, more specific one comes first: "Funan Techo canal"
   before "Cambodia breaks ground on the Funan Techo canal". */
var setLengthNormalisation = self.lunr.Builder.prototype.b
self.lunr.Builder.prototype.b = function () {
  setLengthNormalisation.call(this, LENGTH_NORMALISATION)
}

addListener("message", function (event) {
  var message = event.data
  if (message.type === SETUP) separator = new RegExp(message.data.config.separator)
  if (message.type === QUERY) message = { type: QUERY, data: rewrite(message.data) }
  handlers.forEach(function (handler) {
    handler({ data: message })
  })
})
