"""Admin forms: organisations, staff accounts and the user search."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional


class OrganisationForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice("village", _l("Village")),
                                                   SelectChoice("school", _l("School"))])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=100)])


class StaffForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice("mentor", _l("Mentor")),
                                            SelectChoice("teacher", _l("Teacher")),
                                            SelectChoice("admin", _l("Admin"))])
    org_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=60)])
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=40)])
    phone = StringField(_l("Mobile number (optional)"), validators=[Optional(), Length(max=20)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


ROLE_LABELS = {"learner": _l("Learner"), "mentor": _l("Mentor"), "teacher": _l("Teacher"), "admin": _l("Admin")}


class UserSearchForm(FlaskForm):
    """The user list's search box and role filter: a GET form (a bookmarkable URL, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name, username or mobile number"), default="",
                    validators=[Length(max=100, message=_l("Search text is too long (at most %(max)d characters)."))])
    role = SelectField(_l("Role"), default="", validate_choice=False,
                       choices=[SelectChoice("", _l("All roles"))] + [SelectChoice(v, t) for v, t in ROLE_LABELS.items()],
                       validators=[AnyOf(["", *ROLE_LABELS], message=_l("Choose a role from the list."))])
