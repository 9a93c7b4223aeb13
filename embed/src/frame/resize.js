/* Inside the iframe: tell the parent page our height, a finished sign-up, and Escape.
   Posts only to the exact parent origin the server vetted (data-parent-origin), never "*",
   and only data, never personal details. Served as its own hashed file, not in widget.js. */
(function () {
  "use strict";
  var root = document.documentElement;
  var parentOrigin = root.getAttribute("data-parent-origin");
  var instance = root.getAttribute("data-instance") || "";

  // The visitor's zone: a form that did not know it asks once, with the browser's (the
  // server then shows the task's times in it), and the zone list starts on it.
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }
  if (zone && root.hasAttribute("data-zone-unknown") && !/[?&]tz=/.test(location.search)) {
    location.replace(location.pathname + location.search + (location.search ? "&" : "?") +
      "tz=" + encodeURIComponent(zone));
    return;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("f-timezone");
    if (!zone || !select || select.value) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.selectedIndex = i; return; }
    }
    select.add(new Option(zone, zone, true, true));
  });

  function focusSummary() {
    var summary = document.getElementById("vw-error-summary");
    if (summary) summary.focus();
  }

  if (!parentOrigin || window.parent === window) {
    document.addEventListener("DOMContentLoaded", focusSummary);
    return;
  }

  function post(message) {
    message.instance = instance;
    window.parent.postMessage(message, parentOrigin);
  }

  var lastHeight = -1;
  function reportHeight() {
    var page = document.getElementById("vw-page") || document.body;
    var height = Math.ceil(page ? page.getBoundingClientRect().height : root.scrollHeight);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: "vw:resize", height: height });
    }
  }

  function start() {
    focusSummary();
    reportHeight();
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(reportHeight).observe(document.getElementById("vw-page") || root);
    } else {
      window.addEventListener("resize", reportHeight);
    }
    var status = root.getAttribute("data-signup-status");
    if (status) {
      post({ type: "vw:signup", taskId: root.getAttribute("data-task-id") || "", status: status });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") post({ type: "vw:close" });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
