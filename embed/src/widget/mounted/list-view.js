  // The list view's elements, kept on w by name: the filter form and its controls (named as
  // in FILTERS), the live status, the list, "more", a notice and the alerts link; and the
  // aside that a task's details or an inline form take, in place of the list.
  var FILTERS = ["search", "category", "skill", "hours"];

  function listView(w) {
    for (var i = 0; i < 4; i++) {
      w[FILTERS[i]] = h(i ? "select" : "input", { type: i ? null : "search", class: "vw-input", id: randomId() });
    }
    w.status = h("p", { class: "vw-status", role: "status", "aria-live": "polite" });
    w.list = h("ul", { class: "vw-list" });
    w.more = h("button", { type: "button", class: "vw-button vw-more", hidden: true });
    w.notice = h("div", { class: "vw-notice", hidden: true });
    w.alerts = h("a", { class: "vw-alerts", target: "_blank", rel: "noopener", hidden: true });
    w.filters = h("form", { class: "vw-filters", role: "search" });
    w.main = h("div", {}, [w.filters, w.status, w.list, w.more, w.notice, w.alerts]);
    w.aside = h("div", { hidden: true });
    w.box.appendChild(w.main);
    w.box.appendChild(w.aside);
  }

  // Shows content in the aside instead of the list; without content, the list again.
  function showAside(w, content) {
    clear(w.aside);
    if (content) w.aside.appendChild(content);
    w.main.hidden = !!content;
    w.aside.hidden = !content;
  }
