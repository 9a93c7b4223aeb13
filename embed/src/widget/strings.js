  // Interface text in each of the server's languages, filled in by the server from its gettext catalogs
  // (widget_server/frames/widget_strings.py). Counted phrases are keyed by CLDR plural category
  // (Arabic uses all six); "{n}" is the formatted number.
  var STRINGS = __VW_STRINGS__;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name] != null ? String(values[name]) : "";
    });
  }

  function translator(locale) {
    var table = STRINGS[locale] || STRINGS.en;
    var plurals = _Intl && _Intl.PluralRules ? new _Intl.PluralRules(locale) : null;
    var numbers = _Intl ? new _Intl.NumberFormat(locale) : null;
    function number(n) { return numbers ? numbers.format(n) : String(n); }
    return {
      locale: locale,
      t: function (key, values) { return fill(table[key] || STRINGS.en[key] || key, values || {}); },
      count: function (key, n) {
        var forms = table[key], form = plurals ? plurals.select(n) : (n === 1 ? "one" : "other");
        return fill(forms[form] || forms.other, { n: number(n) });
      },
      number: number
    };
  }
