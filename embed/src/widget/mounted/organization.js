  // What a listing says of its organization: its hosted pages and working hours, and on the
  // first listing its widget defaults and language. True when it switched the language and
  // loaded the list again in it.
  function adoptOrg(w, body) {
    var options = w.options, org = body.organization || {}, locale;
    w.slug = org.slug;
    w.workingHours = org.working_hours;
    if (!w.seen && !w.defaulted) {
      w.defaulted = true;
      locale = useDefaults(options, w.box, org.widget);
      if (locale) {
        w.tr = translator(options.locale = w.locale = locale);
        drawFilters(w);
        load(w);
        return true;
      }
    }
    if (!w.seen && !options.locale && body.locale) w.tr = translator(w.locale = body.locale);
    w.el.setAttribute("dir", body.direction === "rtl" ? "rtl" : "ltr");
    w.box.setAttribute("lang", w.locale);
  }
