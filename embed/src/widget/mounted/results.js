  // A page of tasks as cards (added to the list for "more"), the count announced, and what
  // to do when nothing matches.
  function render(w, body, append) {
    var tr = w.tr, i;
    w.list.setAttribute("aria-busy", "false");
    w.notice.hidden = true;
    if (!append) clear(w.list);
    for (i = 0; i < body.data.length; i++) w.list.appendChild(taskCard(body.data[i], w));
    w.more.hidden = body.page >= body.total_pages;
    if (w.slug) {
      w.alerts.href = orgPage(w, "/alerts?locale=" + w.locale);
      w.alerts.textContent = tr.t("alerts");
      w.alerts.hidden = false;
    }
    announce(w, tr.count("tasks", body.total));
    if (!body.total) {
      showNotice(w, "empty", h("button", { type: "button", class: "vw-link", onclick: function () {
        clearFilters(w);
      } }, [tr.t("clear")]));
    }
    signalReady(w, { count: body.total });
    // Once the first tasks show: the view counted, and the rest of the widget fetched.
    sendView(w.options.key);
    loadLater(w);
    showMine(w);
  }
