/* Volunteer Widget, second part: loaded by widget.js (see widget/later.js). (MIT licence) */
document.currentScript.vwLater(function (kit) {
  "use strict";
  // The first bundle's names that this one uses, and its strings for this part.
  var __VW_LATER_IMPORTS__;
  (function (more) {
    for (var locale in more) for (var key in more[locale]) STRINGS[locale][key] = more[locale][key];
  })(__VW_LATER_STRINGS__);
