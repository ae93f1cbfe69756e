/* Place field: suggestions from our own server in an ARIA 1.2 combobox (input + listbox).
   Without this file the field is an ordinary text box and the search still works.

   Keys: Down and Up move through the suggestions (Down opens the list), Enter takes the
   highlighted one, Escape closes the list (a second Escape empties the field), Tab leaves.
   A polite live region says how many suggestions there are. */
(function () {
  "use strict";

  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;

  var source = input.getAttribute("data-autocomplete");
  var wrapper = document.createElement("div");
  wrapper.className = "combobox";
  input.parentNode.insertBefore(wrapper, input);
  wrapper.appendChild(input);

  var listbox = document.createElement("ul");
  listbox.id = input.id + "-listbox";
  listbox.className = "combobox__list";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", input.getAttribute("data-listbox-label") || "");
  listbox.hidden = true;
  wrapper.appendChild(listbox);

  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  wrapper.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;
  var asked = "";

  function say(count) {
    var text;
    if (count === 0) text = input.getAttribute("data-count-none");
    else if (count === 1) text = input.getAttribute("data-count-one");
    else text = (input.getAttribute("data-count-many") || "").replace("{n}", count);
    status.textContent = text || "";
  }

  function open() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function highlight(index) {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var option = options[index];
    if (!option) return;
    input.value = option.getAttribute("data-value");
    asked = input.value.trim();
    close();
    status.textContent = "";
    input.focus();
  }

  function show(places) {
    listbox.textContent = "";
    options = places.map(function (place, index) {
      var item = document.createElement("li");
      item.id = listbox.id + "-" + index;
      item.className = "combobox__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-value", place.value);
      item.textContent = place.value;
      // Pressing on an option must not take the focus away from the field first.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { choose(index); });
      listbox.appendChild(item);
      return item;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (options.length) open(); else close();
    say(options.length);
  }

  function ask(value) {
    asked = value;
    if (pending && pending.abort) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = source + "?q=" + encodeURIComponent(value);
    fetch(url, {
      credentials: "omit",
      headers: { Accept: "application/json" },
      signal: pending ? pending.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { places: [] }; })
      .then(function (data) {
        // An answer to an older question is of no use any more.
        if (value !== input.value.trim()) return;
        show(data.places || []);
      })
      .catch(function () { /* suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    var value = input.value.trim();
    if (timer) window.clearTimeout(timer);
    if (value.length < 2) {
      asked = "";
      listbox.textContent = "";
      options = [];
      close();
      status.textContent = "";
      return;
    }
    if (value === asked) return;
    timer = window.setTimeout(function () { ask(value); }, 200);
  });

  input.addEventListener("keydown", function (event) {
    switch (event.key) {
      case "ArrowDown":
        if (!options.length) return;
        event.preventDefault();
        if (listbox.hidden) { open(); highlight(0); }
        else highlight(active + 1 < options.length ? active + 1 : 0);
        break;
      case "ArrowUp":
        if (!options.length) return;
        event.preventDefault();
        if (listbox.hidden) { open(); highlight(options.length - 1); }
        else highlight(active > 0 ? active - 1 : options.length - 1);
        break;
      case "Enter":
        // With a suggestion highlighted, Enter takes it; otherwise the form is sent.
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        }
        break;
      case "Escape":
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked = "";
          options = [];
          listbox.textContent = "";
          status.textContent = "";
        }
        break;
      case "Tab":
        close();
        break;
      default:
        break;
    }
  });

  input.addEventListener("blur", function () { close(); });
})();
