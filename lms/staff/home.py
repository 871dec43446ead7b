"""A mentor's or teacher's home: the groups or classes they can see, with learner counts."""

from flask import render_template
from flask_login import current_user

from lms.access import role_required
from lms.models import Role
from lms.services import orgs
from lms.staff.blueprint import bp
from lms.staff.forms import CohortForm

HOME_TEMPLATES = {Role.MENTOR: "staff/home_mentor.html", Role.TEACHER: "staff/home_teacher.html"}


def _render_home(role: Role):
    cohorts = orgs.visible_cohorts(current_user)
    counts = orgs.learner_counts([c.id for c in cohorts])
    return render_template(HOME_TEMPLATES[role], cohorts=cohorts, counts=counts, form=CohortForm())


@bp.get("/mentor/", endpoint="mentor_home")
@role_required(Role.MENTOR)
def mentor_home():
    return _render_home(Role.MENTOR)


@bp.get("/school/", endpoint="school_home")
@role_required(Role.TEACHER)
def school_home():
    return _render_home(Role.TEACHER)
