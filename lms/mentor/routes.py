"""The resident mentor's home: their village groups at a glance."""

from flask import render_template
from flask_login import current_user

from lms.access import role_required
from lms.cohorts.forms import CohortForm
from lms.mentor import bp
from lms.models import Role
from lms.services import orgs


@bp.get("/")
@role_required(Role.MENTOR)
def home():
    cohorts = orgs.cohorts_for(current_user)
    counts = orgs.learner_counts([c.id for c in cohorts])
    return render_template("mentor/home.html", cohorts=cohorts, counts=counts, form=CohortForm())
