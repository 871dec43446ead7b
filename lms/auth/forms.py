"""Sign-in, registration and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional


class LoginForm(FlaskForm):
    login = StringField(_l("Username or mobile number"), validators=[
        DataRequired(message=_l("Please enter your username or mobile number.")), Length(max=60)])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(message=_l("Please enter your password.")), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this phone"), default=True)


class RegisterForm(FlaskForm):
    join_code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=20)])
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=60)])
    phone = StringField(_l("Mobile number"), validators=[Optional(), Length(max=20)])
    username = StringField(_l("Username (optional if you give a mobile number)"),
                           validators=[Optional(), Length(max=40)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])


class FirstPasswordForm(FlaskForm):
    """Right after signing in with a card's one-time password: only the new password (the card's
    was typed a moment ago, and it can be used only once anyway)."""

    new = PasswordField(_l("Choose your own password"), validators=[
        DataRequired(message=_l("Please choose a password.")), Length(max=200)])
