/* Family Support Directory: small enhancements. The pages work without this file. */
(function () {
  "use strict";

  // Leave this site quickly: replace the current history entry with the neutral site,
  // so the back button does not bring the page back.
  var exitLink = document.querySelector("[data-quick-exit]");
  function leave() {
    if (!exitLink) return;
    try { document.body.hidden = true; } catch (e) { /* ignore */ }
    window.location.replace(exitLink.href);
  }
  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    var hint = document.querySelector("[data-quick-exit-hint]");
    if (hint) hint.hidden = false;
    // The Shift key pressed on its own three times within two seconds also leaves.
    // Shift held while typing a capital letter does not count.
    var presses = [];
    var shiftAlone = false;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Shift") {
        if (!event.repeat) shiftAlone = true;
        return;
      }
      shiftAlone = false;
      presses = [];
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift" || !shiftAlone) return;
      shiftAlone = false;
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) leave();
    });
  }

  // After a failed search, take keyboard and screen-reader users to the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Place autocomplete: suggestions from our own server in a native datalist.
  var input = document.querySelector("input[data-autocomplete]");
  if (input && window.fetch) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (timer) clearTimeout(timer);
      if (value.length < 2 || value === last) return;
      timer = setTimeout(function () {
        last = value;
        var url = input.getAttribute("data-autocomplete") + "?q=" + encodeURIComponent(value);
        fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { places: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.places || []).forEach(function (place) {
              var option = document.createElement("option");
              option.value = place.value;
              list.appendChild(option);
            });
          })
          .catch(function () { /* autocomplete is optional */ });
      }, 200);
    });
  }
})();
