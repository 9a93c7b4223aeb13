  // One task as a card in the list, and as the details view.
  function direction(locale) {
    return locale === "ar" ? "rtl" : "ltr";
  }

  function taskFacts(task, tr) {
    var facts = [task.category_label, tr.count("perWeek", task.hours_per_week)];
    if (task.spots_left === 0) facts.push(task.waitlist ? tr.t("waitlist") : tr.t("full"));
    else if (task.spots_left != null) facts.push(tr.count("left", task.spots_left));
    return facts.join(" · ");
  }

  function taskCard(task, tr, onOpen, onSignup) {
    var titleButton = h("button", { type: "button", class: "vw-title", onclick: function () {
      onOpen(task, titleButton);
    } }, [task.title]);
    return h("li", { class: "vw-card", lang: task.locale, dir: direction(task.locale) }, [
      h("h3", { class: "vw-card-heading" }, [titleButton]),
      h("p", { class: "vw-meta" }, [taskFacts(task, tr)]),
      task.summary ? h("p", { class: "vw-summary" }, [task.summary]) : null,
      h("button", { type: "button", class: "vw-button", "aria-label":
        tr.t("signUp") + ": " + task.title, onclick: function (event) {
          onSignup(task, event.currentTarget);
        } }, [tr.t("signUp")])
    ]);
  }

  function detailRow(label, value) {
    return value ? h("div", { class: "vw-fact" }, [h("dt", {}, [label]), h("dd", {}, [value])]) : null;
  }

  function taskDetails(task, tr, onBack, onSignup, hours) {
    var when = task.schedule === "fixed" && task.starts_at ? tr.dateTime(task.starts_at)
      : tr.t("flexible");
    var times = localTimeRows(task, hours, tr).map(function (row) { return detailRow(row[0], row[1]); });
    var length = task.commitment === "one_off" ? tr.t("oneOff")
      : task.duration_weeks ? tr.t("weeks", { n: tr.number(task.duration_weeks) })
      : tr.t("ongoing");
    var heading = h("h3", { class: "vw-details-heading", tabindex: "-1" }, [task.title]);
    var view = h("section", { class: "vw-details", lang: task.locale, dir: direction(task.locale) }, [
      h("button", { type: "button", class: "vw-link", onclick: onBack }, [tr.t("back")]),
      heading,
      h("p", { class: "vw-meta" }, [taskFacts(task, tr)]),
      h("div", { class: "vw-description" }, [sanitisedHtml(task.description_html || "")]),
      h("dl", { class: "vw-facts" }, [
        detailRow(tr.t("when"), when + " · " + length)
      ].concat(times, [
        detailRow(tr.t("languages"), (task.languages || []).join(", ")),
        detailRow(tr.t("access"), task.accessibility_notes),
        task.apply_by ? detailRow("", tr.t("applyBy", { date: tr.date(task.apply_by) })) : null
      ])),
      h("button", { type: "button", class: "vw-button", onclick: function (event) {
        onSignup(task, event.currentTarget);
      } }, [tr.t("signUp")])
    ]);
    view.focusHeading = function () { heading.focus(); };
    return view;
  }
