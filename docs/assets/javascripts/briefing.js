/* Cambodia–Japan Briefing: timeline filters, the print date and the current section.
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

  /* The print header says when the brief was printed: today, in the reader's browser. */
  function initPrintDate() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-cjb-printed]").forEach(function (slot) {
      slot.textContent = today;
    });
  }

  /* A record, actor or source page is not in the navigation itself: mark the
     section its breadcrumb names, so the reader sees where they are. */
  function initSection() {
    var crumb = document.querySelector(".cjb-breadcrumb [data-cjb-section]");
    if (!crumb) return;
    var target = new URL(crumb.getAttribute("href"), location.href).pathname;
    document.querySelectorAll(".md-nav--primary a.md-nav__link").forEach(function (link) {
      if (new URL(link.getAttribute("href"), location.href).pathname === target) {
        link.classList.add("md-nav__link--active");
        link.setAttribute("aria-current", "location");
      }
    });
  }

  function init() {
    initFilters();
    initPrintDate();
    initSection();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
