/*
 * Point Material's search at search-worker.js, which wraps Material's own worker (passed to
 * it as `engine`). Runs before Material's bundle, which reads #__config once at start.
 */
;(function () {
  var element = document.getElementById("__config")
  var script = document.currentScript
  if (!element || !script) return
  var config = JSON.parse(element.textContent)
  if (!config.search) return
  var worker = new URL("search-worker.js", script.src)
  worker.searchParams.set("engine", new URL(config.search, document.baseURI).href)
  config.search = worker.href
  element.textContent = JSON.stringify(config)
})()
