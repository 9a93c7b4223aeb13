"""Signing in, and the two switchers every admin page carries (language, organization)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import InputRequired, Length

from widget_server.settings import LOCALES


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
    locale = SelectField(choices=[(code, code) for code in LOCALES])
    next = HiddenField()


class OrganizationForm(FlaskForm):
    # Choices are the user's memberships, filled in by the view.
    organization = SelectField(_l("Organization"), coerce=int, choices=[])
    next = HiddenField()
