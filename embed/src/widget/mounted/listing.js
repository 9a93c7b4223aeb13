  // Fetches a page of tasks with the filters as they stand (the snippet's preset category and
  // skill until the visitor has the filter form); only the latest request's answer is used,
  // and none after destroy().
  function load(w, append) {
    var seq = ++w.seq, options = w.options;
    w.list.setAttribute("aria-busy", "true");
    if (!append) {
      w.page = 1;
      announce(w, w.tr.t("loading"));
    }
    getJson("/api/v1/public/tasks", {
      key: options.key, locale: options.locale, q: w.search.value.trim(),
      category: w.category.value || (w.seen ? "" : options.category),
      skill: w.skill.value || (w.seen ? "" : presetSkill(options)),
      max_hours: w.hours.value, page: w.page, per_page: options.limit
    }).then(function (response) {
      var body = response.body, first = !w.seen;
      if (seq !== w.seq || w.destroyed) return;
      if (response.status !== 200 || !body || !Array.isArray(body.data)) showError(w, response);
      else if (!adoptOrg(w, body)) {
        if (first && !w.search.value && !w.hours.value) remember(w, body.data);
        if (first) drawFilters(w);
        render(w, body, append);
      }
    });
  }
