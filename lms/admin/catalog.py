"""The admin's catalog page: which version the learners see, and a re-sync from the files."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import role_required
from lms.admin.blueprint import bp
from lms.i18n import loc_title
from lms.models import Role
from lms.services import catalog, catalog_status, published
from lms.services.catalog_status import CatalogError
from lms.services.errors import NotFound
from lms.staff.confirm import confirmed, render_confirm

KIND_LABELS = {"track": _l("Track"), "course": _l("Course"), "lesson": _l("Lesson"), "task": _l("Task")}


VERBS = (("new version of task ", _l("New version"), "task"), ("created ", _l("Added"), None),
         ("updated ", _l("Changed"), None), ("retired ", _l("Retired"), None))


def history_items(lines: list[str]) -> list[tuple[str, str, str, str]]:
    """A sync's stored lines (the CLI's English: "created lesson listing-info") as (what happened,
    kind, title, slug) in the reader's language; the title from the published catalog, or the slug
    for what is no longer published."""
    current = published.current()
    finders = {"track": current.track, "course": current.course, "lesson": current.lesson, "task": current.task}
    out = []
    for line in lines:
        verb, kind, slug = next(((label, kind, line[len(prefix):]) for prefix, label, kind in VERBS
                                 if line.startswith(prefix)), (None, None, line))
        if verb is None:
            out.append(("", "", line, ""))
            continue
        if kind is None:
            kind, _sep, slug = slug.partition(" ")
        try:
            title = loc_title(finders[kind](slug)) if kind in finders else slug
        except NotFound:
            title = slug
        out.append((str(verb), str(KIND_LABELS.get(kind, kind)), title, slug))
    return out


def _render(**extra):
    status = catalog_status.status(current_user)
    return render_template("admin/catalog.html", status=status, history=catalog.sync_history(10),
                           history_items=history_items, **extra)


def report_sections(report) -> list[tuple[str, list[tuple[str, str]]]]:
    """A sync report as (heading, [(kind, slug)]) sections for the page (the report's own
    lines are the CLI's English); empty sections are left out."""
    def items(entries, kind=None):
        pairs = [(kind, e) if kind else tuple(e.split(" ", 1)) for e in entries]
        return [(str(KIND_LABELS.get(k, k)), slug) for k, slug in pairs]
    sections = [
        (_("Added: %(n)s", n=len(report.created)), items(report.created)),
        (_("Changed: %(n)s", n=len(report.updated)), items(report.updated)),
        (_("New task versions: %(n)s", n=len(report.new_versions)), items(report.new_versions, "task")),
        (_("Retired (no longer shown, nothing deleted): %(n)s", n=len(report.retired)), items(report.retired)),
    ]
    return [(heading, rows) for heading, rows in sections if rows]


@bp.get("/catalog")
@role_required(Role.ADMIN)
def catalog_page():
    return _render()


@bp.route("/catalog/sync", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def sync_catalog():
    """Re-sync the catalog from the content files, once confirmed."""
    if not confirmed():
        return render_confirm(
            question=_("Sync the course catalog from the content files?"),
            details=[_("Learners see the courses, lessons and tasks as the files have them now, at once."),
                     _("A task whose text changed gets a new version; answers already given keep the "
                       "version they answered. What left the files is retired, not deleted."),
                     _("If any file has an error, nothing is changed and the errors are listed.")],
            action=url_for("admin.sync_catalog"), button=_("Yes, sync now"),
            cancel=url_for("admin.catalog_page"))
    try:
        report = catalog_status.do_resync(current_user)
    except CatalogError as error:
        page = _render(sync_errors=[str(e) for e in error.errors])
        return page, 400
    return _render(synced=report_sections(report))
