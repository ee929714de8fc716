/* Cambodia–Japan Briefing: timeline filters and print link addresses.
 *
 * Without JavaScript the timeline is the full list; with it, readers filter by
 * topic, actor, kind and year. Values of one facet are alternatives (OR); facets
 * combine (AND). The state lives in the query string, so a filtered view can be
 * linked and a reload restores it.
 */
(function () {
  "use strict";

  var FACETS = ["topic", "actor", "kind", "year"];

  function selected(form, facet) {
    var values = [];
    form.querySelectorAll('[name="' + facet + '"]').forEach(function (control) {
      if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else if (control.checked) {
        values.push(control.value);
      }
    });
    return values;
  }

  function restore(form, params) {
    FACETS.forEach(function (facet) {
      var wanted = params.getAll(facet);
      form.querySelectorAll('[name="' + facet + '"]').forEach(function (control) {
        if (control.tagName === "SELECT") {
          Array.prototype.forEach.call(control.options, function (option) {
            option.selected = wanted.indexOf(option.value) !== -1;
          });
        } else {
          control.checked = wanted.indexOf(control.value) !== -1;
        }
      });
    });
  }

  function matches(row, state) {
    return FACETS.every(function (facet) {
      var wanted = state[facet];
      if (!wanted.length) return true;
      var have = (row.getAttribute("data-" + facet) || "").split(" ");
      return wanted.some(function (value) { return have.indexOf(value) !== -1; });
    });
  }

  function apply(form, writeUrl) {
    var state = {};
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      state[facet] = selected(form, facet);
      state[facet].forEach(function (value) { params.append(facet, value); });
    });
    var rows = document.querySelectorAll(".cjb-row");
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, state);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("[data-cjb-year]").forEach(function (list) {
      var any = list.querySelector(".cjb-row:not([hidden])") !== null;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("cjb-year")) heading.hidden = !any;
    });
    var count = form.querySelector("[data-cjb-count]");
    if (count) count.textContent = shown + " of " + rows.length + " records shown.";
    if (writeUrl) {
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  function initFilters() {
    var form = document.querySelector("[data-cjb-filters]");
    if (!form) return;
    form.hidden = false;
    restore(form, new URLSearchParams(location.search));
    apply(form, false);
    form.addEventListener("change", function () { apply(form, true); });
    form.addEventListener("reset", function () {
      // The reset happens after this event; apply once the controls are cleared.
      setTimeout(function () { apply(form, true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function initPrintLinks() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : location.href;
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".md-content a[href]").forEach(function (link) {
        var href = link.getAttribute("href");
        if (!href || href.charAt(0) === "#" || link.classList.contains("headerlink")) return;
        link.setAttribute("data-print-url", new URL(href, base).href);
      });
    });
  }

  function init() {
    initFilters();
    initPrintLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
