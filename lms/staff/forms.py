"""Staff forms: groups and learner accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class CohortForm(FlaskForm):
    name = StringField(_l("Group or class name"), validators=[DataRequired(), Length(max=100)])
    capacity = IntegerField(_l("Maximum learners"), default=200,
                            validators=[DataRequired(), NumberRange(min=1, max=5000)])


class EnrolForm(FlaskForm):
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=60)])
    phone = StringField(_l("Mobile number (optional)"), validators=[Optional(), Length(max=20)])
    username = StringField(_l("Username (optional, we make one)"), validators=[Optional(), Length(max=40)])
    form_id = HiddenField()


class ConfirmForm(FlaskForm):
    """A bare CSRF-protected button."""


class AssignForm(FlaskForm):
    """Assign one or more tasks and lessons (ticked, `task` and `lesson` repeated) with one due
    date and note; the service checks the ids against the published catalog and asks for at
    least one."""

    task = SelectMultipleField(_l("Tasks and lessons (tick one or more)"), validate_choice=False)
    lesson = SelectMultipleField(validate_choice=False)
    due = StringField(_l("Due date"), validators=[InputRequired(message=_l("Please choose a due date."))])
    note = StringField(_l("Note for learners (optional)"), validators=[
        Optional(), Length(max=200, message=_l("The note is too long (at most %(max)d characters)."))])


class DueForm(FlaskForm):
    """Move one assignment's due date."""

    due = StringField(_l("New due date"), validators=[InputRequired(message=_l("Please choose a due date."))])


class ReviewForm(FlaskForm):
    """A mentor's review of one submission: a comment, and optionally a new score and verdict."""

    comment = TextAreaField(_l("Comment for the learner"),
                            validators=[DataRequired(message=_l("Please write a comment for the learner.")),
                                        Length(max=2000)])
    score = StringField(_l("Score (leave empty to keep it)"), validators=[Optional(), Length(max=10)])
    passed = SelectField(_l("Passed?"), choices=[SelectChoice("keep", _l("Keep as it is")),
                                                 SelectChoice("yes", _l("Passed")),
                                                 SelectChoice("no", _l("Not passed"))], default="keep")
    reason = StringField(_l("Why you change the score (needed if you change it)"),
                         validators=[Optional(), Length(max=200)])
    key = HiddenField()
