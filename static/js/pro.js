/* Practitioner area: small enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters apply as soon as a value is ticked or the order changes.
  document.querySelectorAll("[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      var form = input.form;
      if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });

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

  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
})();
