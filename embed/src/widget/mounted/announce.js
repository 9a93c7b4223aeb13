  // What the list is doing, for assistive technology: aria-busy on the list while a page
  // loads, and the live region (role=status) that reads out "loading", the count found or
  // the error, politely.
  function announce(w, text) {
    w.status.textContent = text;
  }
