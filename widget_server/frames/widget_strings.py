"""The widget's interface text, from the same gettext catalogs as every page.

Built once per process into widget.js, so translators work in the .po files only. Counted
phrases are keyed by CLDR plural category ("zero", "one", "two", "few", "many", "other"),
which is what the browser's Intl.PluralRules gives; "{n}" stands for the number. The texts
that only a task's details and the sign-up form show (LATER_KEYS) go into the second bundle,
widget-later.js, so that widget.js carries only what the list needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from babel import Locale
from flask import Flask
from flask_babel import force_locale, gettext, ngettext

from widget_server.locales import LOCALES

# A number in each CLDR plural category, to ask gettext for that category's form.
_SAMPLES = (0, 1, 2, 3, 11, 100, 1000000)


def _texts() -> dict[str, str]:
    return {
        "search": gettext("Search tasks"),
        "category": gettext("Category"),
        "anyCategory": gettext("All categories"),
        "skill": gettext("Skill"),
        "anySkill": gettext("Any skill"),
        "hours": gettext("Hours a week"),
        "anyHours": gettext("Any number"),
        "upTo": gettext("Up to %(n)s", n="{n}"),
        "filters": gettext("Filter tasks"),
        "loading": gettext("Loading tasks…"),
        "empty": gettext("No open tasks match these filters."),
        "clear": gettext("Clear filters"),
        "error": gettext("The tasks could not be loaded right now."),
        "errorLink": gettext("See all our tasks"),
        "alerts": gettext("Get alerts of new tasks"),
        "mine": gettext("My volunteering"),
        "signUp": gettext("Sign up"),
        "back": gettext("Back to all tasks"),
        "more": gettext("Show more tasks"),
        "close": gettext("Close"),
        "formTitle": gettext("Sign-up form: %(title)s", title="{title}"),
        "waitlist": gettext("Waitlist open"),
        "full": gettext("Full"),
        "applyBy": gettext("Apply by %(date)s", date="{date}"),
        "languages": gettext("Languages"),
        "access": gettext("Accessibility"),
        "when": gettext("When"),
        "flexible": gettext("Flexible hours"),
        "oneOff": gettext("One-off"),
        "ongoing": gettext("Ongoing"),
        "weeks": gettext("For %(n)s weeks", n="{n}"),
        "calendar": gettext("Add to my calendar (.ics)"),
        "share": gettext("Share this task"),
        "shareLink": gettext("Link to this task"),
        "copied": gettext("Link copied."),
        "selected": gettext("The link is selected: copy it with your keyboard or menu."),
        "hoursThere": gettext("Working hours in %(zone)s", zone="{zone}"),
        "theirTime": gettext("%(zone)s time", zone="{zone}"),
        "yourTime": gettext("Your time"),
        "yourDay": gettext("Overlaps your day (08:00–22:00)"),
        "outside": gettext("Outside your day"),
    }


# Shown only by what the second bundle builds (embed/src/LATER): details and the form.
LATER_KEYS = frozenset(
    {
        "back",
        "close",
        "formTitle",
        "applyBy",
        "languages",
        "access",
        "when",
        "flexible",
        "oneOff",
        "ongoing",
        "weeks",
        "calendar",
        "share",
        "shareLink",
        "copied",
        "selected",
        "hoursThere",
        "theirTime",
        "yourTime",
        "yourDay",
        "outside",
        "mine",
    }
)

_COUNTED: dict[str, Callable[[int], str]] = {
    "tasks": lambda n: ngettext("%(num)s task", "%(num)s tasks", n),
    "perWeek": lambda n: ngettext("%(num)s hour a week", "%(num)s hours a week", n),
    "left": lambda n: ngettext("%(num)s place left", "%(num)s places left", n),
}


def strings_for(locale: str) -> dict[str, object]:
    """The widget's strings in one locale (needs an app context)."""
    rules = Locale.parse(locale).plural_form
    with force_locale(locale):
        table: dict[str, object] = dict(_texts())
        for key, phrase in _COUNTED.items():
            forms: dict[str, str] = {}
            for n in _SAMPLES:
                forms.setdefault(rules(n), phrase(n).replace(str(n), "{n}", 1))
            table[key] = forms
    return table


def catalog_json(app: Flask, later: bool = False) -> str:
    """All locales' strings of one bundle (widget.js, or widget-later.js) as a JSON literal."""
    with app.app_context():
        strings = {
            locale: {
                key: text
                for key, text in strings_for(locale).items()
                if (key in LATER_KEYS) == later
            }
            for locale in LOCALES
        }
    return json.dumps(strings, ensure_ascii=False, separators=(",", ":"))
