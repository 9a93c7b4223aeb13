  // The placeholder's data- attributes, each with its declared type.
  var OPTION_TYPES = {
    key: "string", locale: "string", category: "string", skills: "string",
    limit: "number", layout: ["list", "grid", "compact"], theme: ["light", "dark", "auto"],
    accent: "color", signup: ["modal", "inline"]
  };
  var SUPPORTED = { ar: 1, en: 1, fr: 1 };

  function parseOption(type, raw) {
    if (raw == null || raw === "") return undefined;
    raw = String(raw).trim();
    if (type === "number") {
      var n = parseInt(raw, 10);
      return n > 0 && n <= 100 ? n : undefined;
    }
    if (type === "color") {
      return window.CSS && window.CSS.supports && window.CSS.supports("color", raw) ? raw : undefined;
    }
    if (typeof type === "object") return type.indexOf(raw) >= 0 ? raw : undefined;
    return raw;
  }

  function pickLocale(value) {
    var base = String(value || "").toLowerCase().split(/[-_]/)[0];
    return SUPPORTED[base] ? base : undefined;
  }

  function readOptions(el, given) {
    var options = {}, name;
    given = given || {};
    for (name in OPTION_TYPES) {
      var raw = given[name] != null ? given[name] : el.getAttribute("data-" + name);
      options[name] = parseOption(OPTION_TYPES[name], raw);
    }
    // data-locale, else the host page's <html lang>, else the organization's default.
    options.locale = pickLocale(options.locale) || pickLocale(document.documentElement.lang);
    options.layout = options.layout || "list";
    options.theme = options.theme || "light";
    options.signup = options.signup || "modal";
    options.limit = options.limit || 10;
    return options;
  }
