  // The modal <dialog> around the form: its × button, Escape and closeFrame() all close it.
  function openDialog(w, frame, label) {
    var close = h("button", { type: "button", class: "vw-close", "aria-label": w.tr.t("close"),
      onclick: function () { dialog.close(); } }, ["×"]);
    var dialog = w.dialog = h("dialog", { class: "vw-dialog", "aria-label": label, onclose: function () {
      detach(dialog);
      if (w.frame === frame) closeFrame(w);
    } }, [close, frame]);
    w.box.appendChild(dialog);
    if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
    close.focus();
  }
