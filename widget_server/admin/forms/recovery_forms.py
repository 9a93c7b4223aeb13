"""Forms for getting into an account: forgotten password, new password, invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import AnyOf, EqualTo, InputRequired, Length

from widget_server.models import Role

_REQUIRED = InputRequired(message=_l("This field is required."))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[_REQUIRED, Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[_REQUIRED, Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("The new password again"),
        validators=[
            _REQUIRED,
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[_REQUIRED, Length(max=254)], render_kw={"spellcheck": "false"}
    )
    # Drawn as radio buttons by the template; checked against the roles here.
    role = StringField(_l("Role"), validators=[_REQUIRED, AnyOf([r.value for r in Role])])


class AcceptInvitationForm(FlaskForm):
    password = PasswordField(
        _l("Password"),
        validators=[_REQUIRED, Length(max=1000)],
        render_kw={"autocomplete": "new-password"},
    )
