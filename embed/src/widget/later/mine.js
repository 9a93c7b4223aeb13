  // "My volunteering" (the server's /my page, in a new tab), after the list: added by this
  // bundle so that widget.js stays small; once, though the list renders again.
  function showMine(w) {
    if (w.mine) return;
    w.mine = h("a", { class: "vw-alerts vw-mine", href: SERVER + "/my?locale=" + w.locale, target: "_blank", rel: "noopener" }, [w.tr.t("mine")]);
    w.main.appendChild(w.mine);
  }
