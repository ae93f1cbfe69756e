/* Family Support Directory: small enhancements. The pages work without this file. */
(function () {
  "use strict";

  var root = document.documentElement;

  // Leave this site quickly: replace the current history entry with the neutral site,
  // so the back button does not bring the page back.
  var exitLink = document.querySelector("[data-quick-exit]");
  var status = document.querySelector("[data-quick-exit-status]");

  function announce(key) {
    if (!status) return;
    // Emptied first, so the same sentence twice in a row is still read out.
    status.textContent = "";
    var text = status.getAttribute("data-" + key) || "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function leave() {
    if (!exitLink) return;
    try { document.body.hidden = true; } catch (e) { /* ignore */ }
    window.location.replace(exitLink.href);
  }

  // The Shift key pressed on its own three times within WINDOW milliseconds also leaves.
  // Shift held while typing a capital letter does not count.
  var WINDOW = 5000;
  var presses = 0;
  var timer = null;
  var shiftAlone = false;

  function reset(expired) {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (expired && presses > 0) announce("expired");
    presses = 0;
  }

  function shiftPressed() {
    presses += 1;
    if (presses === 1) {
      timer = window.setTimeout(function () { reset(true); }, WINDOW);
    }
    if (presses >= 3) {
      reset(false);
      announce("leaving");
      leave();
    } else {
      announce("pressed-" + presses);
    }
  }

  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    // The shortcut is offered where there is a keyboard: not on touch screens.
    var hint = document.querySelector("[data-quick-exit-hint]");
    var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    if (hint && !touch) hint.hidden = false;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Shift") {
        if (!event.repeat) shiftAlone = true;
        return;
      }
      shiftAlone = false;
      if (presses) reset(false);
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift" || !shiftAlone) return;
      shiftAlone = false;
      shiftPressed();
    });

    // Keep what scrolls into view clear of the sticky bar: the CSS reads its height.
    var bar = exitLink.parentNode;
    var measure = function () {
      root.style.setProperty("--bar-height", bar.getBoundingClientRect().height + "px");
    };
    measure();
    window.addEventListener("resize", measure);
  }

  // After a failed search, take keyboard and screen-reader users to the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link in the summary focuses its field and shows the field's label (or legend)
    // with it, below the sticky bar.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var field = input.closest(".field") || input;
      input.focus({ preventScroll: true });
      field.scrollIntoView({ block: "start" });
      // The address still names the field, as the plain link would have.
      if (window.history && history.replaceState) history.replaceState(null, "", link.hash);
    });
  }
})();
