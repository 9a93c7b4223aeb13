"""Signing in, and the two switchers every admin page carries (language, organization)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import AnyOf, InputRequired, Length

from widget_server.locales import LOCALES


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(message=_l("This field is required.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("This field is required.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LocaleForm(FlaskForm):
    locale = StringField(validators=[AnyOf(LOCALES)])
    next = HiddenField()


class OrganizationForm(FlaskForm):
    # The view checks that the user is a member of the organization chosen.
    organization = IntegerField(_l("Organization"), validators=[InputRequired()])
