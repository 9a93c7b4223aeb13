  // The second bundle (widget-later.js, listed in embed/src/LATER): a task's details, the
  // sign-up form and everything else the first tasks do not need. It is fetched once the
  // first list shows, or at the first click that needs it. Until it has come, each of its
  // functions that this bundle calls is a stand-in that loads it, then calls the real one
  // with the same arguments. It is handed this bundle's names through its own script
  // element, never through a global, and so shares everything captured at load (env.js).
  // That element goes into the placeholder, which is ours (nothing is added to the host's
  // <head>), outside the shadow root (where document.currentScript would be null), and
  // leaves once the script has run.
  var LATER_URL = SERVER + "__VW_LATER_PATH__", laterLoad = null, laterDone = null;
  var LATER_CSS_URL = SERVER + "__VW_LATER_CSS_PATH__";

  // Its stylesheet (widget-later.css) goes into the widget's shadow root once, with it.
  function loadLater(w) {
    if (!w.laterCss) w.shadow.appendChild(w.laterCss = h("link", { rel: "stylesheet", href: LATER_CSS_URL }));
    return laterScript(w.el);
  }

  function laterScript(parent) {
    if (!laterLoad) {
      // Resolves with the second bundle's functions, or with null if it could not be had.
      laterLoad = new Promise(function (resolve) {
        var script = h("script", { src: LATER_URL, onerror: function () {
          laterLoad = null; // a later click tries again
          detach(script);
          resolve(null);
        } });
        script.vwLater = function (define) {
          laterDone = define(__VW_LATER_KIT__);
          detach(script);
          resolve(laterDone);
        };
        parent.appendChild(script);
      });
    }
    return laterLoad;
  }

  // Each function of the second bundle that this one calls takes an instance (w) first.
  function later(name) {
    return function () {
      var args = arguments;
      if (laterDone) return laterDone[name].apply(null, args);
      loadLater(args[0]).then(function (done) { if (done) done[name].apply(null, args); });
    };
  }
  var __VW_LATER_STUBS__;
