  // The sign-up form of a task, inline in place of the list or in a modal dialog; the
  // frame's messages are taken from this very frame only (see frameMessageHandler).
  function openSignup(w, task, opener) {
    var title = w.tr.t("formTitle", { title: task.title }), frame;
    // Below a frame with no origin, no iframe of ours may load: the form opens in a tab.
    if (OPAQUE) return openSignupPage(signupUrl(w, task));
    closeFrame(w);
    w.frameId = randomId();
    w.returnFocus = opener;
    frame = w.frame = signupFrame(signupUrl(w, task), title);
    window.addEventListener("message", w.onMessage = frameMessageHandler(w));
    if (w.options.signup !== "inline") return openDialog(w, frame, title);
    showAside(w, h("div", { class: "vw-inline" }, [
      h("button", { type: "button", class: "vw-link", onclick: function () { closeDetails(w); } }, [w.tr.t("back")]), frame]));
    frame.focus();
  }

  // Closes the form wherever it is, and gives the focus back to the button that opened it.
  function closeFrame(w) {
    var dialog = w.dialog, back = w.returnFocus;
    if (!w.frame) return;
    w.frame = w.dialog = null;
    window.removeEventListener("message", w.onMessage);
    if (dialog && dialog.open) dialog.close();
    detach(dialog);
    refocus(back);
  }
