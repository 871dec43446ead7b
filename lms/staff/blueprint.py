"""The staff blueprint: one surface for mentors, teachers and admins.

The words differ: a teacher's pages say 班级/学生 (class, student) where a mentor's say
小组/学员 (group, learner). Templates write `_s("…")` for such strings; the catalogs hold the
school wording under the message context "school"."""

from flask import Blueprint, g
from flask_babel import gettext, pgettext
from flask_login import current_user

from lms.models import OrgKind, Role

bp = Blueprint("staff", __name__)

STAFF = (Role.MENTOR, Role.TEACHER, Role.ADMIN)
SCHOOL = "school"


@bp.before_request
def _wording() -> None:
    g.school_wording = current_user.is_authenticated and current_user.role == Role.TEACHER.value


def use_wording_of(cohort) -> None:
    """Pages about one cohort speak its organisation's language (an admin viewing a class too)."""
    g.school_wording = cohort.org.kind == OrgKind.SCHOOL.value


@bp.app_template_global("_s")
def staff_gettext(message: str, **variables) -> str:
    """gettext with the school wording on a teacher's (or a class's) pages."""
    if g.get("school_wording"):
        return pgettext(SCHOOL, message, **variables)
    return gettext(message, **variables)
