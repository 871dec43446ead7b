"""The staff surface (mentors, teachers, admins): homes, cohort pages, assignments."""

from lms.staff import assignments, cards, cohorts, gradebook, home, reviews, roster  # noqa: F401  (their routes register on bp)
from lms.staff.blueprint import bp

__all__ = ["bp"]
