  function fallbackLink(el) {
    // The snippet's <noscript> link to the hosted page doubles as the link shown on errors.
    var noscript = el.querySelector("noscript");
    var match = noscript && /href="([^"]+)"/.exec(noscript.textContent || "");
    return match && match[1].indexOf(SERVER + "/o/") === 0 ? match[1] : null;
  }

  // The listing could not be had: say so, with a link to the hosted page where one is known.
  function showError(w, response) {
    var link = w.slug ? orgPage(w, "") : fallbackLink(w.el);
    w.list.setAttribute("aria-busy", "false");
    clear(w.list);
    w.more.hidden = true;
    showNotice(w, "error", link && h("a", { href: link, target: "_blank", rel: "noopener" }, [w.tr.t("errorLink")]));
    announce(w, w.tr.t("error"));
    signalReady(w, { count: 0, error: response.status || "network" });
  }
