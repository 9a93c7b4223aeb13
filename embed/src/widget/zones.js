  // A task's times in the visitor's zone (the browser's) beside the task's own zone, and
  // where the session or the organization's working hours meet the visitor's day
  // (08:00–22:00 their time). Spans are [start, end] in epoch milliseconds.
  var DAY_MS = 86400000;

  function browserZone() {
    try { return new _Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  // Minutes east of UTC in zone at instant t (half-hour zones and DST included).
  function zoneOffset(zone, t) {
    var p = {};
    new _Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
      month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" })
      .formatToParts(new Date(t)).forEach(function (x) { p[x.type] = +x.value; });
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - t) / 60000);
  }

  // "HH:MM" on the date starting at UTC-midnight `day`, as a wall clock in zone.
  function wallTime(zone, day, clock) {
    var w = day + (+clock.slice(0, 2) * 60 + +clock.slice(3)) * 60000;
    return w - zoneOffset(zone, w - zoneOffset(zone, w) * 60000) * 60000;
  }

  function workingSpan(hours, now) {
    var today = now + zoneOffset(hours.timezone, now) * 60000, k, day, end;
    today -= today % DAY_MS;
    for (k = 0; k < 8; k++) {
      day = today + k * DAY_MS;
      if (hours.days.indexOf(new Date(day).getUTCDay() || 7) < 0) continue;
      end = wallTime(hours.timezone, day + (hours.to <= hours.from ? DAY_MS : 0), hours.to);
      if (end > now) return [wallTime(hours.timezone, day, hours.from), end];
    }
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
    var fixed = task.schedule === "fixed" && task.starts_at, rows = [], span, zone, shared, label;
    if (fixed) {
      span = [Date.parse(task.starts_at), Date.parse(task.ends_at || task.starts_at)];
      zone = task.timezone; label = task.timezone_label;
    } else if (hours) {
      span = workingSpan(hours, Date.now());
      zone = hours.timezone; label = hours.timezone_label;
    }
    if (!span || !_Intl) return rows;
    try {
      if (!fixed) rows.push([tr.t("hoursThere", { zone: label }), spanIn(tr.locale, span, zone, 1)]);
      if (zoneOffset(zone, span[0]) !== -new Date(span[0]).getTimezoneOffset()) {
        if (fixed) rows.push([tr.t("theirTime", { zone: label }), spanIn(tr.locale, span, zone, 1)]);
        rows.push([tr.t("yourTime"), spanIn(tr.locale, span, "", 1)]);
      }
      shared = overlapDay(span);
      rows.push([tr.t("yourDay"), shared ? spanIn(tr.locale, shared, "") : tr.t("outside")]);
    } catch (e) { /* an unknown zone: the times above are enough */ }
    return rows;
  }
