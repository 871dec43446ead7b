"""A mentor's or teacher's home: the groups or classes they can see, with learner counts."""

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from lms.access import role_required
from lms.models import Role
from lms.services import orgs, reviews
from lms.staff.blueprint import bp
from lms.staff.forms import CohortForm


def _render_home(heading: str, list_title: str):
    cohorts = orgs.visible_cohorts(current_user)
    counts = orgs.learner_counts([c.id for c in cohorts])
    return render_template("staff/home.html", heading=heading, list_title=list_title,
                           cohorts=cohorts, counts=counts, form=CohortForm(),
                           to_review=reviews.waiting_count(current_user))


@bp.get("/mentor/", endpoint="mentor_home")
@role_required(Role.MENTOR)
def mentor_home():
    return _render_home(_("Mentor: %(name)s", name=current_user.display_name), _("My village groups"))


@bp.get("/school/", endpoint="school_home")
@role_required(Role.TEACHER)
def school_home():
    return _render_home(_("Teacher: %(name)s", name=current_user.display_name), _("My school's classes"))
