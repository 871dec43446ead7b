"""The resident mentor's home: their village groups at a glance."""

from lms.access import role_required
from lms.cohorts.routes import render_staff_home
from lms.mentor import bp
from lms.models import Role


@bp.get("/")
@role_required(Role.MENTOR)
def home():
    return render_staff_home("mentor/home.html")
