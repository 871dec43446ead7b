"""Which catalog the database holds, whether the content files still match it, and the
admin's re-sync (the same catalog.sync_from_files the CLI and start-up run)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from courses import loader
from courses.errors import CatalogError
from courses.model import Catalog
from lms import permissions
from lms.extensions import db
from lms.models import Course, Lesson, Role, Task, TaskVersion, Track, User
from lms.services import catalog
from lms.services.errors import Forbidden


@dataclass(frozen=True)
class CatalogStatus:
    """What the learners see now (`version`, counts of active rows), and the files beside it:
    their version, or every error that keeps them from being synced."""

    version: str
    tracks: int
    courses: int
    lessons: int
    tasks: int
    changed_at: datetime | None
    files_version: str | None
    file_errors: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        return self.files_version == self.version


def _require_admin(actor: User) -> None:
    if not permissions.has_role(actor, Role.ADMIN):
        raise Forbidden(_l("Only an admin can sync the course catalog."))


def fingerprint(rows) -> str:
    """A short version of a catalog: the hash of what one sync writes (order, titles, and the
    content hash of every lesson and task), the same for the files and the database."""
    text = json.dumps(sorted(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def file_rows(content: Catalog) -> list[list]:
    """The fingerprint rows of the content files, positioned as catalog.sync_catalog puts them."""
    rows = []
    for tpos, track in enumerate(content.tracks):
        rows.append(["track", track.slug, tpos, track.title, track.title_en, track.summary, track.summary_en])
        for cpos, course in enumerate(track.courses):
            rows.append(["course", course.slug, track.slug, cpos, course.title, course.title_en,
                         course.summary, course.summary_en])
            rows += [["lesson", lesson.slug, course.slug, i, lesson.content_hash]
                     for i, lesson in enumerate(course.lessons)]
            rows += [["task", task.slug, course.slug, i, task.kind, task.title_en, task.lesson or "",
                      task.content_hash] for i, task in enumerate(course.tasks)]
    return rows


def database_rows() -> list[list]:
    """The fingerprint rows of the active catalog in the database, in four queries."""
    rows = [["track", *r] for r in db.session.execute(
        select(Track.slug, Track.position, Track.title, Track.title_en, Track.summary, Track.summary_en)
        .where(Track.is_active.is_(True)))]
    rows += [["course", *r] for r in db.session.execute(
        select(Course.slug, Track.slug, Course.position, Course.title, Course.title_en, Course.summary,
               Course.summary_en).join(Track, Course.track_id == Track.id).where(Course.is_active.is_(True)))]
    rows += [["lesson", *r] for r in db.session.execute(
        select(Lesson.slug, Course.slug, Lesson.position, Lesson.content_hash)
        .join(Course, Lesson.course_id == Course.id).where(Lesson.is_active.is_(True)))]
    newest = select(TaskVersion.task_id, func.max(TaskVersion.number).label("number")) \
        .group_by(TaskVersion.task_id).subquery()
    lesson = aliased(Lesson)
    rows += [["task", slug, course, pos, kind, title_en, lesson_slug or "", content_hash]
             for slug, course, pos, kind, title_en, lesson_slug, content_hash in db.session.execute(
        select(Task.slug, Course.slug, Task.position, Task.kind, Task.title_en, lesson.slug, TaskVersion.content_hash)
        .join(Course, Task.course_id == Course.id).outerjoin(lesson, Task.lesson_id == lesson.id)
        .join(newest, newest.c.task_id == Task.id)
        .join(TaskVersion, (TaskVersion.task_id == Task.id) & (TaskVersion.number == newest.c.number))
        .where(Task.is_active.is_(True)))]
    return [list(r) for r in rows]


def status(actor: User) -> CatalogStatus:
    """The database's catalog version and size, and the content files checked against it."""
    _require_admin(actor)
    rows = database_rows()
    content, errors = loader.check_catalog()
    kinds = [r[0] for r in rows]
    return CatalogStatus(
        version=fingerprint(rows), tracks=kinds.count("track"), courses=kinds.count("course"),
        lessons=kinds.count("lesson"), tasks=kinds.count("task"),
        changed_at=db.session.scalar(select(func.max(TaskVersion.created_at))),
        files_version=fingerprint(file_rows(content)) if content else None,
        file_errors=[str(e) for e in errors],
    )


def do_resync(actor: User) -> catalog.SyncReport:
    """Sync the content files into the database. A file with an error raises CatalogError
    before anything is written; any other failure rolls the whole sync back (one commit)."""
    _require_admin(actor)
    try:
        return catalog.sync_from_files()
    except Exception:
        db.session.rollback()
        raise


__all__ = ["CatalogError", "CatalogStatus", "do_resync", "fingerprint", "status"]
