/* Cambodia–Japan Briefing: timeline filters and print link addresses.
 *
 * Without JavaScript the timeline is the full list; with it, readers filter by
 * topic, kind family, year and actor. Values of one facet are alternatives (OR);
 * facets combine (AND). The panel is in the page from the start (no layout
 * shift); the script only wires it. The state lives in the query string, so a
 * filtered view can be linked, a reload restores it, and the year links keep it.
 */
(function () {
  "use strict";

  var FACETS = ["topic", "family", "year", "actor"];
  var LABELS = { topic: "Topic", family: "Kind", year: "Year", actor: "Actor" };

  function selected(form, facet) {
    var values = [];
    form.querySelectorAll('input[name="' + facet + '"]:checked').forEach(function (box) {
      values.push(box.value);
    });
    return values;
  }

  function restore(form, params) {
    FACETS.forEach(function (facet) {
      var wanted = params.getAll(facet);
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    });
  }

  function familyKinds(form) {
    var kinds = {};
    form.querySelectorAll('input[name="family"]').forEach(function (box) {
      kinds[box.value] = (box.getAttribute("data-kinds") || "").split(" ");
    });
    return kinds;
  }

  function matches(row, state, kinds) {
    return FACETS.every(function (facet) {
      var wanted = state[facet];
      if (!wanted.length) return true;
      if (facet === "family") {
        var kind = row.getAttribute("data-kind");
        return wanted.some(function (family) { return (kinds[family] || []).indexOf(kind) !== -1; });
      }
      var have = (row.getAttribute("data-" + facet) || "").split(" ");
      return wanted.some(function (value) { return have.indexOf(value) !== -1; });
    });
  }

  function labelOf(box) {
    var label = box.closest("label");
    var clone = label.cloneNode(true);
    clone.querySelectorAll(".cjb-filters__n, input").forEach(function (n) { n.remove(); });
    return clone.textContent.trim();
  }

  function renderChips(form, chips) {
    chips.querySelectorAll(".cjb-chip").forEach(function (chip) { chip.remove(); });
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "cjb-chip";
      chip.textContent = LABELS[box.name] + ": " + labelOf(box);
      chip.setAttribute("aria-label", "Remove filter " + chip.textContent);
      chip.addEventListener("click", function () {
        box.checked = false;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
      chips.appendChild(chip);
    });
  }

  function keepInYearLinks(query) {
    document.querySelectorAll(".cjb-year-nav a[href]").forEach(function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      url.search = query;
      link.setAttribute("href", url.pathname + url.search + url.hash);
    });
  }

  /* The "By year" counts and the chart follow the filter: a year's count is the
     rows shown under it, and the chart's marks for hidden rows fade. */
  function followFilter(rows, filtering) {
    document.querySelectorAll("[data-cjb-year-count]").forEach(function (slot) {
      var list = document.querySelector('[data-cjb-year="' + slot.getAttribute("data-cjb-year-count") + '"]');
      if (!list) return;
      slot.textContent = list.querySelectorAll(".cjb-row:not([hidden])").length;
    });
    var shown = {};
    rows.forEach(function (row) {
      var link = row.querySelector("a[href]");
      if (link && !row.hidden) shown[new URL(link.getAttribute("href"), location.href).pathname] = true;
    });
    document.querySelectorAll(".cjb-tl__mark, .cjb-tl__bin").forEach(function (mark) {
      var path = new URL(mark.getAttribute("href"), location.href).pathname;
      var out = filtering && (mark.classList.contains("cjb-tl__bin") || !shown[path]);
      mark.classList.toggle("cjb-tl__out", out);
    });
  }

  function apply(form, chips, writeUrl) {
    var state = {};
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      state[facet] = selected(form, facet);
      state[facet].forEach(function (value) { params.append(facet, value); });
    });
    var kinds = familyKinds(form);
    var rows = document.querySelectorAll(".cjb-row");
    var shown = 0;
    rows.forEach(function (row) {
      var visible = matches(row, state, kinds);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("[data-cjb-year]").forEach(function (list) {
      var any = list.querySelector(".cjb-row:not([hidden])") !== null;
      list.hidden = !any;
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("cjb-year")) heading.hidden = !any;
    });
    var count = chips.querySelector("[data-cjb-count]");
    if (count) {
      // The noun agrees with the total, as the build writes it (timeline_filters.py).
      count.textContent = shown.toLocaleString("en-US") + " of " +
        rows.length.toLocaleString("en-US") + (rows.length === 1 ? " record" : " records") + " shown.";
    }
    renderChips(form, chips);
    var query = params.toString();
    followFilter(rows, query !== "");
    keepInYearLinks(query);
    if (writeUrl) {
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  function initActorSearch(panel) {
    var search = panel.querySelector("[data-cjb-actor-search]");
    if (!search) return;
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      panel.querySelectorAll(".cjb-filters__list label").forEach(function (label) {
        label.hidden = needle !== "" && label.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  }

  function initFilters() {
    var panel = document.querySelector("[data-cjb-filters]");
    var chips = document.querySelector("[data-cjb-chips]");
    if (!panel || !chips || panel.hasAttribute("data-cjb-ready")) return;
    panel.setAttribute("data-cjb-ready", "");
    var form = panel.querySelector("form");
    restore(form, new URLSearchParams(location.search));
    apply(form, chips, false);
    initActorSearch(panel);
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox]")) apply(form, chips, true);
    });
    form.addEventListener("reset", function () {
      // The reset happens after this event; apply once the controls are cleared.
      setTimeout(function () { apply(form, chips, true); }, 0);
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

  // Material's document$ emits for the first page and after every instant
  // navigation; without it (a plain page), run once the document is parsed.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
