  // The placeholder's data- attributes, each with its declared type; a name in camelCase is
  // the attribute in dashes (headingLevel: data-heading-level), as in el.dataset.
  var OPTION_TYPES = {
    key: "string", locale: "string", category: "string", skills: "string",
    limit: "number", layout: ["list", "grid", "compact"], theme: ["light", "dark", "auto"],
    accent: "color", signup: ["modal", "inline"], headingLevel: ["1", "2", "3", "4", "5", "6"]
  };
  var SUPPORTED = __VW_LOCALES__; // the server's languages, each to its direction ("rtl")

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
    // What the snippet said itself (options.given) wins over the organization's defaults
    // (see useDefaults).
    var options = { given: {} }, name;
    given = given || {};
    for (name in OPTION_TYPES) {
      var raw = given[name] != null ? given[name] : el.dataset[name];
      options[name] = parseOption(OPTION_TYPES[name], raw);
      options.given[name] = options[name] !== undefined;
    }
    options.locale = pickLocale(options.locale);
    options.given.locale = !!options.locale;
    // data-locale, else the organization's widget language, else the host page's <html
    // lang>, else the organization's default.
    options.locale = options.locale || pickLocale(document.documentElement.lang);
    options.layout = options.layout || "list";
    options.theme = options.theme || "light";
    options.signup = options.signup || "modal";
    options.limit = options.limit || 10;
    return options;
  }

  // The organization's widget defaults (from the listing) for what the snippet left out.
  // Returns the locale to switch to, if the organization chose one and the snippet did not.
  function useDefaults(options, box, defaults) {
    if (!defaults) return null;
    if (!options.given.layout && defaults.layout) {
      options.layout = defaults.layout;
      box.className = "vw vw-" + defaults.layout;
    }
    if (!options.given.theme && defaults.theme) box.setAttribute("data-theme", defaults.theme);
    if (!options.given.accent && defaults.accent) {
      box.style.setProperty("--vw-org-accent", defaults.accent);
      box.style.setProperty("--vw-org-on-accent", defaults.on_accent || "#fff");
    }
    var locale = pickLocale(defaults.locale);
    return !options.given.locale && locale && locale !== options.locale ? locale : null;
  }
