/* Admin panel enhancements; every page works without them.
   - Markdown preview: a textarea with data-preview="ID" shows the server's own sanitised
     rendering in the element ID, refreshed after typing pauses.
   - An error summary takes focus on load so screen readers announce it. */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var previewUrl = document.documentElement.getAttribute("data-preview-url");

  function preview(area, target) {
    var timer = null;
    var sent = null;
    function refresh() {
      var text = area.value;
      if (text === sent) return;
      sent = text;
      var body = new FormData();
      body.append("text", text);
      fetch(previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.content : "" }
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        // The server sanitised this HTML (nh3): only plain formatting survives.
        if (html !== null && area.value === text) target.innerHTML = html;
      }).catch(function () { /* the preview is a convenience; typing goes on */ });
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  function start() {
    if (previewUrl) {
      var areas = document.querySelectorAll("textarea[data-preview]");
      for (var i = 0; i < areas.length; i++) {
        var target = document.getElementById(areas[i].getAttribute("data-preview"));
        if (target) preview(areas[i], target);
      }
    }
    var summary = document.getElementById("ad-error-summary");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
