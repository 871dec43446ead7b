"""The teacher's home: their school's classes."""

from flask import render_template
from flask_login import current_user

from lms.access import role_required
from lms.cohorts.forms import CohortForm
from lms.models import Role
from lms.school import bp
from lms.services import orgs


@bp.get("/")
@role_required(Role.TEACHER)
def home():
    cohorts = orgs.cohorts_for(current_user)
    counts = orgs.learner_counts([c.id for c in cohorts])
    return render_template("school/home.html", cohorts=cohorts, counts=counts, form=CohortForm())
