"""Admin forms: organisations and staff accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional


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
