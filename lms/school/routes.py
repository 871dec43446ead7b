"""The teacher's home: their school's classes."""

from lms.access import role_required
from lms.cohorts.routes import render_staff_home
from lms.models import Role
from lms.school import bp


@bp.get("/")
@role_required(Role.TEACHER)
def home():
    return render_staff_home("school/home.html")
