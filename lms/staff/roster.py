"""Import a class list (CSV) into a cohort: upload, preview (a dry run), confirm, wait, print the cards.

The preview carries the file forward in a hidden field (base64, bounded by the service's size
limit, CSRF-protected) and the confirm re-checks all of it, so nothing from the first request
is trusted. The confirm queues the import for the worker (roster_imports) and redirects to its
status page, which refreshes itself until the worker is done and then shows the sheet of cards,
the passwords recomputed from the key in this browser's session. The same file confirmed again
(a double tap, two at once, a reload) leads to the same import.
"""

import base64
import binascii

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField

from lms.access import role_required
from lms.models import ImportStatus
from lms.queue import queue_alive
from lms.services import orgs, roster, roster_imports
from lms.services.errors import Invalid
from lms.staff.blueprint import STAFF, bp, use_wording_of
from lms.staff.cards import IMPORT_CARD_MINUTES, keep_import_key, kept_import_key

REFRESH_SECONDS = 3
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
    try:
        started = roster_imports.do_start(current_user, cohort, data, str(get_locale() or "zh_CN"))
    except Invalid as error:
        return _render_upload(cohort, RosterUploadForm(formdata=None), error.message, 400)
    if started.roster_import is None:
        return _render_preview(cohort, started.check, data)
    if started.key is not None:
        keep_import_key(started.roster_import, started.key)
    return redirect(url_for("staff.roster_import_status", cohort_id=cohort.id,
                            import_id=started.roster_import.id), code=303)


@bp.get("/cohorts/<int:cohort_id>/roster/imports/<int:import_id>")
@role_required(*STAFF)
def roster_import_status(cohort_id: int, import_id: int):
    """How far the import is (refreshing itself, no script needed) and, once done, the sheet of
    sign-in cards: with passwords only in the browser that confirmed, within the window."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    found = roster_imports.get_for(current_user, cohort, import_id)
    key = kept_import_key(found)
    alive = queue_alive()
    if found.is_pending:
        roster_imports.look_after(found, key, str(get_locale() or "zh_CN"), alive)
    use_wording_of(cohort)
    if found.status != ImportStatus.DONE:
        return render_template("staff/roster_import.html", cohort=cohort, found=found, alive=alive,
                               refresh=REFRESH_SECONDS if found.is_pending else None)
    cards = roster_imports.cards(found, key)
    return render_template("staff/roster_cards.html", cohort=cohort, found=found, cards=cards,
                           shown=[c for c in cards if c.otp], key=key is not None,
                           card_minutes=IMPORT_CARD_MINUTES)
