"""The languages people read this server in, decided here for every module of the server
(the widget's own list is in embed/src/widget/options.js)."""

from __future__ import annotations

LOCALES = ("ar", "en", "fr")
RTL_LOCALES = frozenset({"ar"})
