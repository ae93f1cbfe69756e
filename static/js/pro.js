/* Practitioner area: small enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // On small screens the filter panel starts folded, after the results count.
  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia("(max-width: 59.99rem)").matches) {
    filters.open = false;
  }

  // Print buttons only make sense with JavaScript.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Warn five minutes before the session ends, and say when it has ended.
  var warning = document.querySelector("[data-session-left]");
  if (warning) {
    var left = parseInt(warning.getAttribute("data-session-left"), 10);
    var tell = function (key, withLink) {
      warning.textContent = "";
      var text = document.createElement("p");
      text.textContent = warning.getAttribute(key);
      warning.appendChild(text);
      if (withLink) {
        var link = document.createElement("a");
        link.href = warning.getAttribute("data-sign-in-url");
        link.textContent = warning.getAttribute("data-sign-in");
        text.appendChild(document.createTextNode(" "));
        text.appendChild(link);
      }
      warning.classList.add("notice", "notice--warning");
    };
    if (left >= 0) {
      window.setTimeout(function () { tell("data-soon", false); }, Math.max(0, left - 300) * 1000);
      window.setTimeout(function () { tell("data-ended", true); }, left * 1000);
    }
  }

  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
})();
