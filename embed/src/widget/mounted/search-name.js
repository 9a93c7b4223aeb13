  // The filter form is a search landmark, and two on one page must not share a name (a
  // screen reader lists them side by side): while a widget is mounted, a second one's is
  // "Filter tasks 2", a third's "… 3"; a number is free again once its widget is unmounted.
  var searchNumbers = [];

  function takeSearchNumber(w) {
    for (var n = 1; searchNumbers[n]; n++) { /* the first free number */ }
    searchNumbers[w.searchNumber = n] = 1;
  }

  function freeSearchNumber(w) {
    searchNumbers[w.searchNumber] = 0;
  }

  function searchName(w) {
    return w.tr.t("filters") + (w.searchNumber > 1 ? " " + w.tr.number(w.searchNumber) : "");
  }
