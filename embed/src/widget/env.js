  // Everything the host page could later replace is captured now, while it is still ours.
  var _fetch = window.fetch ? window.fetch.bind(window) : null;
  var _Abort = window.AbortController;
  var _Observer = window.MutationObserver;
  var _setTimeout = window.setTimeout.bind(window);
  var _clearTimeout = window.clearTimeout.bind(window);
  var _JSON = window.JSON;
  var _Intl = window.Intl;
  var _encode = window.encodeURIComponent;
  var _beacon = window.navigator.sendBeacon ? window.navigator.sendBeacon.bind(window.navigator) : null;
  var _random = window.crypto && window.crypto.getRandomValues
    ? window.crypto.getRandomValues.bind(window.crypto) : null;

  function scriptUrl() {
    var current = document.currentScript;
    if (current && current.src) return current.src;
    var found = document.querySelector('script[src*="/embed/v1/widget.js"]');
    return found ? found.src : window.location.href;
  }
  // The server that served this script: API calls, iframes and CSS all come from it.
  var SERVER = new window.URL(scriptUrl()).origin;
  var CSS_URL = SERVER + "__VW_CSS_PATH__";
  // A frame sandboxed without allow-same-origin (a site builder's embed box) gives this
  // page an opaque origin, though location still shows the URL it came from: it reads the
  // public listing (Origin: null) and opens sign-ups in a tab of their own (dialog.js).
  var OPAQUE = (function () {
    if (window.origin === "null") return true;
    try { return document.cookie === null; } catch (e) { return true; } // sandboxed: throws
  })();

  function randomId() {
    var bytes = new window.Uint8Array(9), out = "vw", i;
    if (_random) _random(bytes); else for (i = 0; i < 9; i++) bytes[i] = (Math.random() * 256) | 0;
    for (i = 0; i < bytes.length; i++) out += (bytes[i] % 36).toString(36);
    return out;
  }
