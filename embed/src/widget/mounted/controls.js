  // Searching as the visitor types (after a 300 ms pause), the filters, and "more". These
  // listeners go with their elements when destroy() empties the shadow root.
  function bindControls(w) {
    var reload = function () { load(w); };
    w.search.addEventListener("input", function () {
      _clearTimeout(w.timer);
      w.timer = _setTimeout(reload, 300);
    });
    w.filters.addEventListener("submit", function (event) { event.preventDefault(); load(w); });
    for (var i = 1; i < 4; i++) w[FILTERS[i]].addEventListener("change", reload);
    w.more.addEventListener("click", function () { w.page += 1; load(w, true); });
  }

  function clearFilters(w) {
    for (var i = 0; i < 4; i++) w[FILTERS[i]].value = "";
    load(w);
    w.search.focus();
  }
