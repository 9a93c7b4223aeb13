/* A filter field before each zone list (select[data-zone-filter]). A select's own type-ahead
   answers only the first letters of its labels, in the page's script: an Arabic list does not
   answer "Kolk", nor a city typed without its hamza. Here any word of the city in Arabic,
   English or French, or of its IANA name, keeps the zones that match and selects the first,
   so a keyboard user types, hears how many match, and tabs on. Without this script the
   select works as it is. Words are folded as the server folded data-search (search.py). */
(function () {
  "use strict";
  var LETTERS = /[\u0622\u0623\u0625\u0671\u0629\u0649\u0640]/g;
  var SWAP = {
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0629": "\u0647", "\u0649": "\u064a", "\u0640": ""
  };

  function fold(text) {
    return text.replace(LETTERS, function (c) { return SWAP[c]; })
      .normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC")
      .replace(LETTERS, function (c) { return SWAP[c]; })
      .toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(words, query) {
    var haystack = " " + words;
    for (var i = 0; i < query.length; i++) {
      if (haystack.indexOf(" " + query[i]) < 0) return false;
    }
    return true;
  }

  function enhance(select) {
    var wrapper = select.parentNode;
    var field = document.createElement("div");
    field.className = wrapper.className.split(" ")[0];
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.id = select.id + "-filter";
    input.autocomplete = "off";
    input.dir = "auto";
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("aria-describedby", input.id + "-status");
    label.htmlFor = input.id;
    label.textContent = select.getAttribute("data-zone-filter");
    status.id = input.id + "-status";
    status.setAttribute("role", "status");
    status.className = field.className.replace("field", "hint");
    field.appendChild(label);
    field.appendChild(input);
    field.appendChild(status);
    wrapper.parentNode.insertBefore(field, wrapper);

    input.addEventListener("input", function () {
      var query = fold(input.value);
      var shown = [];
      for (var i = 0; i < select.options.length; i++) {
        var option = select.options[i];
        var words = option.getAttribute("data-search");
        if (words === null) continue; // "not said" and the like stay
        option.hidden = query.length > 0 && !matches(words, query);
        if (!option.hidden && words) shown.push(option);
      }
      if (!query.length) { status.textContent = ""; return; }
      if (!shown.length) {
        for (var j = 0; j < select.options.length; j++) select.options[j].hidden = false;
        status.textContent = select.getAttribute("data-zone-none");
        return;
      }
      var current = select.options[select.selectedIndex];
      if (!current || current.hidden || shown.indexOf(current) < 0) shown[0].selected = true;
      status.textContent = select.getAttribute("data-zone-found")
        .replace("{n}", String(shown.length))
        .replace("{zone}", select.options[select.selectedIndex].text);
    });
  }

  function start() {
    var selects = document.querySelectorAll("select[data-zone-filter]:not([data-zone-filtered])");
    for (var i = 0; i < selects.length; i++) {
      selects[i].setAttribute("data-zone-filtered", "");
      enhance(selects[i]);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
