"""A cohort's gradebook for its staff: a table that also prints as a progress report, and its CSV."""

from flask import Response, render_template
from flask_login import current_user

from lms.access import role_required
from lms.http import PRIVATE
from lms.services import gradebook, orgs
from lms.staff.blueprint import STAFF, bp, use_wording_of


def csv_response(book: gradebook.Gradebook) -> Response:
    """The gradebook as a CSV download (also what the API sends for ?format=csv)."""
    return Response(gradebook.gradebook_csv(book), mimetype="text/csv",
                    headers={"Content-Disposition": gradebook.csv_disposition(book), "Cache-Control": PRIVATE})


@bp.get("/cohorts/<int:cohort_id>/gradebook")
@role_required(*STAFF)
def gradebook_page(cohort_id: int):
    """Learners × tasks: best score, tries, passed, overdue; totals per learner."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    use_wording_of(cohort)
    return render_template("staff/gradebook.html", cohort=cohort, book=gradebook.cohort_gradebook(cohort))


@bp.get("/cohorts/<int:cohort_id>/gradebook.csv")
@role_required(*STAFF)
def gradebook_csv(cohort_id: int):
    """The same table as a file for Excel."""
    return csv_response(gradebook.cohort_gradebook(orgs.get_cohort_for(current_user, cohort_id)))
