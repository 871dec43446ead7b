from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class JoinForm(FlaskForm):
    join_code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=20)])


class HelpForm(FlaskForm):
    """"请导师看看": a CSRF-protected button on the feedback page."""
