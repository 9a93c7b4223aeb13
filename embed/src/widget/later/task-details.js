  // A task's details view, in place of the list.
  // A date ("2027-04-08"), or an instant with its time of day, in the reader's language.
  function dateIn(locale, iso, withTime) {
    try {
      return new _Intl.DateTimeFormat(locale, withTime ? { dateStyle: "medium", timeStyle: "short" }
        : { dateStyle: "medium" }).format(new Date(iso + (iso.length === 10 ? "T12:00:00Z" : "")));
    } catch (e) { return iso; }
  }

  function detailRow(label, value) {
    return value ? h("div", { class: "vw-fact" }, [h("dt", {}, [label]), h("dd", {}, [value])]) : null;
  }

  // page: the task's hosted page, to share (the phone's share sheet, else copied).
  function shareBox(task, tr, page) {
    var status = h("p", { class: "vw-status", role: "status" });
    var box = h("div", { class: "vw-share" });
    function say(key) {
      status.textContent = "";
      _setTimeout(function () { status.textContent = tr.t(key); }, 50);
    }
    function selectLink() {
      // No clipboard (a page served over http): show the link selected, ready to copy.
      var input = box.querySelector("input") || box.insertBefore(h("input", { class: "vw-input",
        readonly: true, dir: "ltr", value: page, "aria-label": tr.t("shareLink") }), status);
      input.focus();
      input.select();
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

  // The details link to the task's hosted page (share it) and, for fixed times, its calendar
  // file, once a listing has named the organization.
  function taskDetails(task, w) {
    var tr = w.tr, fixed = task.schedule === "fixed" && task.starts_at, query = "?locale=" + w.locale;
    var page = w.slug ? orgPage(w, "/tasks/" + _encode(task.id)) : "";
    var when = fixed ? dateIn(tr.locale, task.starts_at, 1) : tr.t("flexible");
    var times = localTimeRows(task, w.workingHours, tr).map(function (row) { return detailRow(row[0], row[1]); });
    var length = task.commitment === "one_off" ? tr.t("oneOff")
      : task.duration_weeks ? tr.t("weeks", { n: tr.number(task.duration_weeks) })
      : tr.t("ongoing");
    var heading = h(w.heading, { class: "vw-details-heading", tabindex: "-1" }, [task.title]);
    var view = h("section", { class: "vw-details", lang: task.locale, dir: direction(task.locale) }, [
      h("button", { type: "button", class: "vw-link", onclick: function () { closeDetails(w); } }, [tr.t("back")]),
      heading,
      h("p", { class: "vw-meta" }, [taskFacts(task, tr)]),
      h("div", { class: "vw-description" }, [sanitisedHtml(task.description_html || "")]),
      h("dl", { class: "vw-facts" }, [
        detailRow(tr.t("when"), when + " · " + length),
        page && fixed ? detailRow("", h("a", { href: page + "/calendar.ics" + query, download: "" }, [tr.t("calendar")])) : null
      ].concat(times, [
        detailRow(tr.t("languages"), (task.languages || []).join(", ")),
        detailRow(tr.t("access"), task.accessibility_notes),
        task.apply_by ? detailRow("", tr.t("applyBy", { date: dateIn(tr.locale, task.apply_by) })) : null
      ])),
      h("button", { type: "button", class: "vw-button", onclick: function (event) {
        openSignup(w, task, event.currentTarget);
      } }, [tr.t("signUp")]),
      page ? shareBox(task, tr, page + query) : null
    ]);
    view.focusHeading = function () { heading.focus(); };
    return view;
  }
