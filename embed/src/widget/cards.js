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

  // links.page: the task's hosted page; links.calendar: its .ics file (fixed times only).
  function shareBox(task, tr, page) {
    var status = h("p", { class: "vw-status", role: "status" });
    var box = h("div", { class: "vw-share" });
    function say(key) {
      status.textContent = "";
      _setTimeout(function () { status.textContent = tr.t(key); }, 50);
    }
    function selectLink() {
      // No clipboard (a page served over http): show the link selected, ready to copy.
      var field = box.querySelector("input") || box.insertBefore(h("input", { class: "vw-input",
        readonly: true, dir: "ltr", value: page, "aria-label": tr.t("shareLink") }), status);
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? "copied" : "selected");
    }
    box.appendChild(h("button", { type: "button", class: "vw-link", onclick: function () {
      var nav = window.navigator;
      if (nav.share) nav.share({ title: task.title, url: page })["catch"](function () {});
      else if (nav.clipboard && nav.clipboard.writeText) {
        nav.clipboard.writeText(page).then(function () { say("copied"); }, selectLink);
      } else selectLink();
    } }, [tr.t("share")]));
    box.appendChild(status);
    return box;
  }

  function taskDetails(task, tr, onBack, onSignup, links, hours) {
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
        detailRow(tr.t("when"), when + " · " + length),
        links.calendar ? detailRow("", h("a", { href: links.calendar, download: "" }, [tr.t("calendar")])) : null
      ].concat(times, [
        detailRow(tr.t("languages"), (task.languages || []).join(", ")),
        detailRow(tr.t("access"), task.accessibility_notes),
        task.apply_by ? detailRow("", tr.t("applyBy", { date: tr.date(task.apply_by) })) : null
      ])),
      h("button", { type: "button", class: "vw-button", onclick: function (event) {
        onSignup(task, event.currentTarget);
      } }, [tr.t("signUp")]),
      links.page ? shareBox(task, tr, links.page) : null
    ]);
    view.focusHeading = function () { heading.focus(); };
    return view;
  }
