  var SELECTOR = "[data-volunteer-tasks]";
  var MOUNTED = "data-vw-mounted";
  var instances = new window.Map();

  function mount(el, options) {
    try {
      if (!el || instances.has(el)) return;
      instances.set(el, createInstance(el, options));
      el.setAttribute(MOUNTED, "");
    } catch (error) {
      // Never break the host page; a console line helps its developer.
      if (window.console) window.console.warn("VolunteerWidget:", error);
    }
  }

  function unmount(el) {
    var instance = instances.get(el);
    if (!instance) return;
    instances["delete"](el);
    el.removeAttribute(MOUNTED);
    try { instance.destroy(); } catch (error) { /* already gone */ }
  }

  function scan(root) {
    if (root.matches && root.matches(SELECTOR)) mount(root);
    var found = root.querySelectorAll ? root.querySelectorAll(SELECTOR) : [];
    for (var i = 0; i < found.length; i++) mount(found[i]);
  }

  function sweep() {
    // Placeholders a single-page app removed: release everything they held.
    instances.forEach(function (_, el) { if (!el.isConnected) unmount(el); });
  }

  function start() {
    scan(document);
    if (!_Observer) return;
    new _Observer(function (records) {
      var i, j, added;
      for (i = 0; i < records.length; i++) {
        added = records[i].addedNodes;
        for (j = 0; j < added.length; j++) if (added[j].nodeType === 1) scan(added[j]);
      }
      sweep();
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  window.VolunteerWidget = { mount: mount, unmount: unmount, version: "1" };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
