  // One mounted placeholder. Its state is one object, w, that the files in mounted/ share:
  // the options, the translator, the elements, the page reached and the open form. Each
  // file holds one concern; this one puts them together, and destroy() undoes them all.
  function createInstance(el, given) {
    var options = readOptions(el, given);
    var w = { el: el, options: options, locale: options.locale || "en", page: 1, seq: 0 };
    w.tr = translator(w.locale);
    w.heading = "h" + headingLevel(el, options.headingLevel);
    takeSearchNumber(w);
    shell(w);
    listView(w);
    bindControls(w);
    drawFilters(w);
    load(w);
    return {
      destroy: function () {
        w.destroyed = true;
        _clearTimeout(w.timer);
        _clearTimeout(w.revealTimer);
        if (w.frame) closeFrame(w);
        freeSearchNumber(w);
        clear(w.shadow);
        el.removeAttribute("dir");
      }
    };
  }
