  // The shadow root and the widget's box in it, hidden until its stylesheet has loaded (or
  // failed, or 3 s passed), so the list is never seen unstyled.
  function shell(w) {
    var options = w.options, shadow = w.shadow = w.el.shadowRoot || w.el.attachShadow({ mode: "open" });
    var box = w.box = h("div", { class: "vw vw-" + options.layout, "data-theme": options.theme, hidden: true });
    var reveal = function () { box.hidden = false; };
    clear(shadow);
    shadow.appendChild(h("link", { rel: "stylesheet", href: CSS_URL, onload: reveal, onerror: reveal }));
    shadow.appendChild(box);
    w.revealTimer = _setTimeout(reveal, 3000);
    if (options.accent) {
      box.style.setProperty("--vw-accent", options.accent);
      box.style.setProperty("--vw-on-accent", onAccent(options.accent, box));
    }
  }
