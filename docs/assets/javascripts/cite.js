/* Cambodia–Japan Briefing: the "Copy BibTeX" button beside each citation.
 *
 * The button is in the page hidden; it is shown only where the browser can write to the
 * clipboard (a secure context). It copies the page's own citation file, so what is copied
 * is exactly what the BibTeX link downloads. Without JavaScript the links remain.
 */
(function () {
  "use strict";

  function say(status, text) {
    status.textContent = text;
  }

  function wire(button) {
    var status = document.createElement("span");
    status.className = "cjb-copy-status";
    status.setAttribute("role", "status");
    button.insertAdjacentElement("afterend", status);
    button.hidden = false;
    button.addEventListener("click", function () {
      say(status, "");
      fetch(button.getAttribute("data-cjb-copy"))
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (text) {
          return navigator.clipboard.writeText(text);
        })
        .then(
          function () {
            say(status, "Copied.");
          },
          function () {
            say(status, "Could not copy: use the BibTeX link.");
          }
        );
    });
  }

  function setUp() {
    if (!window.isSecureContext || !navigator.clipboard || !window.fetch) {
      return;
    }
    document.querySelectorAll("button[data-cjb-copy]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
