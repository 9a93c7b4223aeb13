/* Volunteer Widget: remote volunteer tasks on any website. (MIT licence) */
(function (window, document) {
  "use strict";
  // Loaded twice (two snippets on one page)? The first copy does everything.
  if (window.VolunteerWidget) return;
