  // The notice under the list (nothing found, or the listing failed), with an action.
  function showNotice(w, key, action) {
    clear(w.notice);
    w.notice.hidden = false;
    w.notice.appendChild(h("p", { text: w.tr.t(key) }));
    if (action) w.notice.appendChild(action);
  }
