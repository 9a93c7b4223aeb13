/* Inside the iframe: tell the parent page our height, a finished sign-up, and Escape.
   Posts only to the exact parent origin the server vetted (data-parent-origin), never "*",
   and only data, never personal details. Served as its own hashed file, not in widget.js. */
(function () {
  "use strict";
  var root = document.documentElement;
  var parentOrigin = root.getAttribute("data-parent-origin");
  var instance = root.getAttribute("data-instance") || "";

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
