  // A task's times in the visitor's zone (the browser's) beside the task's own zone, and
  // where the session or the organization's working hours (the server gives today's or the
  // next working day's as instants) meet the visitor's day (08:00–22:00 their time).
  // Spans are [start, end] in epoch milliseconds.
  function browserZone() {
    try { return new _Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  function overlapDay(span) {
    var day = new Date(span[0]), i, a, b;
    day.setDate(day.getDate() - 1);
    for (i = 0; i < 3; i++, day.setDate(day.getDate() + 1)) {
      a = Math.max(span[0], new Date(day).setHours(8, 0, 0, 0));
      b = Math.min(span[1], new Date(day).setHours(22, 0, 0, 0));
      if (a < b) return [a, b];
    }
  }

  function timeIn(locale, t, zone, parts) {
    if (zone) parts.timeZone = zone;
    try { return new _Intl.DateTimeFormat(locale, parts).format(new Date(t)); } catch (e) { return ""; }
  }

  function spanIn(locale, span, zone, withDate) {
    var clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var clocks = timeIn(locale, span[0], zone, clock) +
      (span[1] > span[0] ? "–" + timeIn(locale, span[1], zone, clock) : "");
    // Isolated left to right: in Arabic text "18:30–21:00" would read as 21:00–18:30.
    return (withDate ? timeIn(locale, span[0], zone, { weekday: "long", day: "numeric",
      month: "long" }) + " " : "") + "\u2066" + clocks + "\u2069";
  }

  // Rows for the details view: [label, text] pairs.
  function localTimeRows(task, hours, tr) {
    var fixed = task.schedule === "fixed" && task.starts_at, rows = [], span, zone, label;
    var times = fixed ? [task.starts_at, task.ends_at || task.starts_at] : hours && hours.next &&
      [hours.next.start, hours.next.end];
    if (!times || !_Intl) return rows;
    span = [Date.parse(times[0]), Date.parse(times[1])];
    zone = fixed ? task.timezone : hours.timezone;
    label = fixed ? task.timezone_label : hours.timezone_label;
    var theirs = spanIn(tr.locale, span, zone, 1), yours = spanIn(tr.locale, span, "", 1);
    rows.push([tr.t(fixed ? "theirTime" : "hoursThere", { zone: label }), theirs]);
    if (yours !== theirs) rows.push([tr.t("yourTime"), yours]);
    var shared = overlapDay(span);
    rows.push([tr.t("yourDay"), shared ? spanIn(tr.locale, shared, "") : tr.t("outside")]);
    return rows;
  }
