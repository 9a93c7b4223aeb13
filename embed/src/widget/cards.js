  // One task as a card in the list, and as the details view.
  function direction(locale) {
    return SUPPORTED[locale] === "rtl" ? "rtl" : "ltr";
  }

  function taskFacts(task, tr) {
    var facts = [task.category_label, tr.count("perWeek", task.hours_per_week)];
    if (task.spots_left === 0) facts.push(task.waitlist ? tr.t("waitlist") : tr.t("full"));
    else if (task.spots_left != null) facts.push(tr.count("left", task.spots_left));
    return facts.join(" · ");
  }

  // w: the instance the card is in; its buttons open the task's details or sign-up form.
  function taskCard(task, w) {
    var tr = w.tr, titleButton = h("button", { type: "button", class: "vw-title", onclick: function () {
      openDetails(w, task, titleButton);
    } }, [task.title]);
    return h("li", { class: "vw-card", lang: task.locale, dir: direction(task.locale) }, [
      h(w.heading, { class: "vw-card-heading" }, [titleButton]),
      h("p", { class: "vw-meta" }, [taskFacts(task, tr)]),
      task.summary ? h("p", { class: "vw-summary" }, [task.summary]) : null,
      h("button", { type: "button", class: "vw-button", "aria-label":
        tr.t("signUp") + ": " + task.title, onclick: function (event) {
          openSignup(w, task, event.currentTarget);
        } }, [tr.t("signUp")])
    ]);
  }
