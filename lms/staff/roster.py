"""Import a class list (CSV) into a cohort: upload, preview (a dry run), confirm, print the cards.

The preview carries the file forward in a hidden field (base64, bounded by the service's size
limit, CSRF-protected) and the confirm re-checks all of it, so nothing from the first request
is trusted. A reload of the cards page (the browser re-posting the confirm) finds the file's
key in the session and creates nobody twice; without the session, every row is already in the
group and the preview says so.
"""

import base64
import binascii

from flask import flash, redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField

from lms.access import role_required
from lms.services import orgs, roster
from lms.services.errors import Invalid
from lms.staff.blueprint import STAFF, bp, staff_gettext, use_wording_of

_DONE_KEY = "roster_done"
_CONTENT_MAX = (roster.MAX_BYTES + 2) // 3 * 4   # base64 of the largest file accepted


class RosterUploadForm(FlaskForm):
    file = FileField(_l("Class list (CSV file)"))


class RosterConfirmForm(FlaskForm):
    content = HiddenField()


def _render_upload(cohort, form, error=None, status: int = 200):
    use_wording_of(cohort)
    return render_template("staff/roster.html", cohort=cohort, form=form, error=error,
                           max_rows=roster.MAX_ROWS, max_kb=roster.MAX_BYTES // 1024), status


@bp.get("/cohorts/<int:cohort_id>/roster")
@role_required(*STAFF)
def roster_form(cohort_id: int):
    """The upload form, with what the file must look like."""
    return _render_upload(orgs.get_cohort_for(current_user, cohort_id), RosterUploadForm())


@bp.post("/cohorts/<int:cohort_id>/roster")
@role_required(*STAFF)
def roster_preview(cohort_id: int):
    """Check the uploaded list and show who would be created and what is wrong, line by line."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    form = RosterUploadForm()
    if not form.validate_on_submit() or not form.file.data:
        return _render_upload(cohort, form, _l("Please choose a CSV file."), 400)
    try:
        data = roster.read_upload(form.file.data.stream)
        result = roster.do_import(current_user, cohort, data, dry_run=True)
    except Invalid as error:
        return _render_upload(cohort, form, error.message, 400)
    return _render_preview(cohort, result, data)


def _render_preview(cohort, result, data: bytes, status: int = 200):
    use_wording_of(cohort)
    confirm = RosterConfirmForm(formdata=None, content=base64.b64encode(data).decode("ascii"))
    return render_template("staff/roster_preview.html", cohort=cohort, result=result, confirm=confirm,
                           form=RosterUploadForm(formdata=None)), status if not result.errors else 400


@bp.post("/cohorts/<int:cohort_id>/roster/import")
@role_required(*STAFF)
def roster_import(cohort_id: int):
    """Import the previewed list for real and print a sheet of sign-in cards."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    form = RosterConfirmForm()
    content = (form.content.data or "") if form.validate_on_submit() else ""
    try:
        if not content or len(content) > _CONTENT_MAX:
            raise ValueError
        data = base64.b64decode(content, validate=True)
    except (ValueError, binascii.Error):
        flash(_l("The class list did not come through. Please upload the file again."), "error")
        return redirect(url_for("staff.roster_form", cohort_id=cohort.id), code=303)
    key = roster.fingerprint(cohort, data)
    done = session.get(_DONE_KEY, {})
    if key in done:   # the cards page reloaded, or a second tap on the button
        use_wording_of(cohort)
        flash(staff_gettext("This class list was already imported (%(n)s accounts). The passwords were shown only "
                 "once; use “new card” on the group page for anyone who needs one.", n=done[key]), "info")
        return redirect(url_for("staff.show", cohort_id=cohort.id, _anchor="learners"), code=303)
    try:
        result = roster.do_import(current_user, cohort, data, dry_run=False)
    except Invalid as error:
        return _render_upload(cohort, RosterUploadForm(formdata=None), error.message, 400)
    if result.errors:
        return _render_preview(cohort, result, data)
    done = dict(list(done.items())[-9:])
    done[key] = len(result.created)
    session[_DONE_KEY] = done
    use_wording_of(cohort)
    return render_template("staff/roster_cards.html", cohort=cohort, created=result.created)
