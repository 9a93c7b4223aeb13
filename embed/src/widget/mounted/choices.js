  // Filter choices come from the unfiltered first page: what this organization offers.
  function remember(w, tasks) {
    if (w.seen) return;
    var categories = [], skills = [], known = {}, i, j, s;
    for (i = 0; i < tasks.length; i++) {
      if (!known["c" + tasks[i].category]) {
        known["c" + tasks[i].category] = 1;
        categories.push([tasks[i].category, tasks[i].category_label]);
      }
      for (j = 0; j < (tasks[i].skills || []).length; j++) {
        s = tasks[i].skills[j];
        if (!known["s" + s]) { known["s" + s] = 1; skills.push([s, s]); }
      }
    }
    w.seen = { categories: categories, skills: skills.slice(0, 40) };
  }
