  var HOURS = [2, 5, 10];

  function emit(el, name, detail) {
    el.dispatchEvent(new window.CustomEvent(name, { detail: detail, bubbles: true, composed: true }));
  }

  function fallbackLink(el) {
    // The snippet's <noscript> link to the hosted page doubles as the link shown on errors.
    var noscript = el.querySelector("noscript");
    var match = noscript && /href="([^"]+)"/.exec(noscript.textContent || "");
    return match && match[1].indexOf(SERVER + "/o/") === 0 ? match[1] : null;
  }

  function onAccent(accent, probe) {
    probe.style.color = accent;
    var rgb = (window.getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || [0, 0, 0]);
    var lum = [], i, c;
    for (i = 0; i < 3; i++) {
      c = rgb[i] / 255;
      lum.push(c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    probe.style.color = "";
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#111111" : "#ffffff";
  }

  // One mounted placeholder: its shadow root, state and listeners; destroy() undoes it all.
  function createInstance(el, given) {
    var options = readOptions(el, given);
    var shadow = el.shadowRoot || el.attachShadow({ mode: "open" });
    var state = { page: 1, seq: 0, slug: null, locale: options.locale || "en", frame: null,
      frameId: null, opener: null, destroyed: false, ready: false, timer: null, seen: null };
    var tr = translator(state.locale);
    var listeners = [];

    function listen(target, type, fn) {
      target.addEventListener(type, fn);
      listeners.push([target, type, fn]);
    }

    clear(shadow);
    var box = h("div", { class: "vw vw-" + options.layout, "data-theme": options.theme, hidden: true });
    var css = h("link", { rel: "stylesheet", href: CSS_URL });
    var reveal = function () { box.hidden = false; };
    css.addEventListener("load", reveal);
    css.addEventListener("error", reveal);
    var revealTimer = _setTimeout(reveal, 3000);
    shadow.appendChild(css);
    shadow.appendChild(box);
    if (options.accent) {
      box.style.setProperty("--vw-accent", options.accent);
      box.style.setProperty("--vw-on-accent", onAccent(options.accent, box));
    }

    var search = h("input", { type: "search", class: "vw-input", id: randomId() });
    var category = h("select", { class: "vw-input", id: randomId() });
    var skill = h("select", { class: "vw-input", id: randomId() });
    var hours = h("select", { class: "vw-input", id: randomId() });
    var status = h("p", { class: "vw-status", role: "status", "aria-live": "polite" });
    var list = h("ul", { class: "vw-list" });
    var more = h("button", { type: "button", class: "vw-button vw-more", hidden: true });
    var notice = h("div", { class: "vw-notice", hidden: true });
    var alerts = h("a", { class: "vw-alerts", target: "_blank", rel: "noopener", hidden: true });
    var filters = h("form", { class: "vw-filters", role: "search" });
    var main = h("div", {}, [filters, status, list, more, notice, alerts]);
    var aside = h("div", { hidden: true });
    box.appendChild(main);
    box.appendChild(aside);

    function field(label, control) {
      return h("div", { class: "vw-field" }, [h("label", { for: control.id, text: label }), control]);
    }

    function fillSelect(select, anyLabel, pairs, chosen) {
      clear(select);
      select.appendChild(h("option", { value: "", text: anyLabel }));
      for (var i = 0; i < pairs.length; i++) {
        select.appendChild(h("option", { value: pairs[i][0], text: pairs[i][1],
          selected: pairs[i][0] === chosen }));
      }
    }

    function drawFilters() {
      clear(filters);
      var seen = state.seen || { categories: [], skills: [] };
      fillSelect(category, tr.t("anyCategory"), seen.categories, category.value || options.category);
      fillSelect(skill, tr.t("anySkill"), seen.skills, skill.value || (options.skills || "").split(",")[0].trim());
      var hourChoices = [];
      for (var i = 0; i < HOURS.length; i++) {
        hourChoices.push([String(HOURS[i]), tr.t("upTo", { n: tr.number(HOURS[i]) })]);
      }
      fillSelect(hours, tr.t("anyHours"), hourChoices, hours.value);
      filters.setAttribute("aria-label", tr.t("filters"));
      filters.appendChild(field(tr.t("search"), search));
      filters.appendChild(field(tr.t("category"), category));
      filters.appendChild(field(tr.t("skill"), skill));
      filters.appendChild(field(tr.t("hours"), hours));
      more.textContent = tr.t("more");
    }

    function remember(tasks) {
      // Filter choices come from the unfiltered first page: what this organization offers.
      if (state.seen) return;
      var categories = [], skills = [], known = {}, i, j;
      for (i = 0; i < tasks.length; i++) {
        if (!known["c" + tasks[i].category]) {
          known["c" + tasks[i].category] = 1;
          categories.push([tasks[i].category, tasks[i].category_label]);
        }
        for (j = 0; j < (tasks[i].skills || []).length; j++) {
          var s = tasks[i].skills[j];
          if (!known["s" + s]) { known["s" + s] = 1; skills.push([s, s]); }
        }
      }
      state.seen = { categories: categories, skills: skills.slice(0, 40) };
    }

    function showError(response) {
      list.setAttribute("aria-busy", "false");
      clear(list);
      more.hidden = true;
      clear(notice);
      notice.hidden = false;
      var link = state.slug ? SERVER + "/o/" + _encode(state.slug) : fallbackLink(el);
      notice.appendChild(h("p", { text: tr.t("error") }));
      if (link) notice.appendChild(h("a", { href: link, target: "_blank", rel: "noopener" }, [tr.t("errorLink")]));
      status.textContent = tr.t("error");
      if (!state.ready) { state.ready = true; emit(el, "volunteer:ready", { count: 0, error: response.status || "network" }); }
    }

    function load(append) {
      var seq = ++state.seq;
      if (!append) state.page = 1;
      list.setAttribute("aria-busy", "true");
      if (!append) status.textContent = tr.t("loading");
      getJson("/api/v1/public/tasks", {
        key: options.key, locale: options.locale, q: search.value.trim(),
        category: category.value || (!state.seen ? options.category : ""),
        skill: skill.value || (!state.seen ? (options.skills || "").split(",")[0].trim() : ""),
        max_hours: hours.value, page: state.page, per_page: options.limit
      }).then(function (response) {
        if (seq !== state.seq || state.destroyed) return;
        var body = response.body;
        if (response.status !== 200 || !body || !Array.isArray(body.data)) { showError(response); return; }
        var first = !state.seen;
        state.slug = body.organization && body.organization.slug;
        state.hours = body.organization && body.organization.working_hours;
        if (first && !state.defaulted) {
          state.defaulted = true;
          sendView(options.key);
          var switchTo = useDefaults(options, box, body.organization && body.organization.widget);
          if (switchTo) {
            options.locale = state.locale = switchTo;
            tr = translator(switchTo);
            drawFilters();
            load(false);
            return;
          }
        }
        if (first && !options.locale && body.locale) { state.locale = body.locale; tr = translator(body.locale); }
        el.setAttribute("dir", body.direction === "rtl" ? "rtl" : "ltr");
        box.setAttribute("lang", state.locale);
        if (first && !search.value && !hours.value) remember(body.data);
        if (first) drawFilters();
        render(body, append);
      });
    }

    function render(body, append) {
      list.setAttribute("aria-busy", "false");
      notice.hidden = true;
      if (!append) clear(list);
      for (var i = 0; i < body.data.length; i++) {
        list.appendChild(taskCard(body.data[i], tr, openDetails, openSignup));
      }
      more.hidden = body.page >= body.total_pages;
      if (state.slug) {
        alerts.href = SERVER + "/o/" + _encode(state.slug) + "/alerts?locale=" + state.locale;
        alerts.textContent = tr.t("alerts");
        alerts.hidden = false;
      }
      status.textContent = tr.count("tasks", body.total);
      if (!body.total) {
        clear(notice);
        notice.hidden = false;
        notice.appendChild(h("p", { text: tr.t("empty") }));
        notice.appendChild(h("button", { type: "button", class: "vw-link", onclick: clearFilters }, [tr.t("clear")]));
      }
      if (!state.ready) { state.ready = true; emit(el, "volunteer:ready", { count: body.total }); }
    }

    function clearFilters() {
      search.value = ""; category.value = ""; skill.value = ""; hours.value = "";
      load(false);
      search.focus();
    }

    function openDetails(task, opener) {
      state.opener = opener;
      clear(aside);
      var page = state.slug ? SERVER + "/o/" + _encode(state.slug) + "/tasks/" + _encode(task.id) : "";
      var view = taskDetails(task, tr, closeDetails, openSignup, {
        page: page && page + "?locale=" + state.locale,
        calendar: page && task.schedule === "fixed" && task.starts_at
          ? page + "/calendar.ics?locale=" + state.locale : ""
      }, state.hours);
      aside.appendChild(view);
      main.hidden = true;
      aside.hidden = false;
      view.focusHeading();
      emit(el, "volunteer:task-open", { taskId: task.id });
    }

    function closeDetails() {
      closeFrame();
      aside.hidden = true;
      main.hidden = false;
      clear(aside);
      if (state.opener && state.opener.isConnected) state.opener.focus();
    }

    var onMessage;

    function openSignup(task, opener) {
      if (OPAQUE) { openSignupPage(signupUrl(options, task, "", state.locale, box.getAttribute("data-theme"))); return; }
      closeFrame();
      state.frameId = randomId();
      state.returnFocus = opener;
      var frame = signupFrame(signupUrl(options, task, state.frameId, state.locale, box.getAttribute("data-theme")),
        tr.t("formTitle", { title: task.title }));
      state.frame = frame;
      onMessage = frameMessageHandler(function () { return state.frame; }, state.frameId, {
        close: closeFrame,
        signup: function (taskId, signupStatus) {
          emit(el, "volunteer:signup", { taskId: taskId, status: signupStatus });
        }
      });
      listen(window, "message", onMessage);
      if (options.signup === "inline") {
        clear(aside);
        aside.appendChild(h("div", { class: "vw-inline" }, [
          h("button", { type: "button", class: "vw-link", onclick: closeDetails }, [tr.t("back")]), frame]));
        main.hidden = true;
        aside.hidden = false;
        frame.focus();
        return;
      }
      var close = h("button", { type: "button", class: "vw-close", "aria-label": tr.t("close") }, ["×"]);
      var dialog = h("dialog", { class: "vw-dialog", "aria-label": tr.t("formTitle", { title: task.title }) },
        [close, frame]);
      close.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () {
        if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
        if (state.frame === frame) closeFrame();
      });
      box.appendChild(dialog);
      state.dialog = dialog;
      if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", "");
      close.focus();
    }

    function closeFrame() {
      if (!state.frame) return;
      var dialog = state.dialog, back = state.returnFocus;
      state.frame = null;
      state.dialog = null;
      unlisten(window, "message");
      if (dialog && dialog.open) dialog.close();
      if (dialog && dialog.parentNode) dialog.parentNode.removeChild(dialog);
      if (back && back.isConnected) back.focus();
    }

    function unlisten(target, type) {
      for (var i = listeners.length - 1; i >= 0; i--) {
        if (listeners[i][0] === target && listeners[i][1] === type) {
          target.removeEventListener(type, listeners[i][2]);
          listeners.splice(i, 1);
        }
      }
    }

    listen(search, "input", function () {
      _clearTimeout(state.timer);
      state.timer = _setTimeout(function () { load(false); }, 300);
    });
    listen(filters, "submit", function (event) { event.preventDefault(); load(false); });
    listen(category, "change", function () { load(false); });
    listen(skill, "change", function () { load(false); });
    listen(hours, "change", function () { load(false); });
    listen(more, "click", function () { state.page += 1; load(true); });

    drawFilters();
    load(false);

    return {
      destroy: function () {
        state.destroyed = true;
        _clearTimeout(state.timer);
        _clearTimeout(revealTimer);
        closeFrame();
        while (listeners.length) {
          var entry = listeners.pop();
          entry[0].removeEventListener(entry[1], entry[2]);
        }
        clear(shadow);
        el.removeAttribute("dir");
      }
    };
  }
