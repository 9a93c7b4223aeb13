  // What the first bundle calls (its stand-ins in widget/later.js).
  return __VW_LATER_EXPORTS__;
});
