"""Sync the file catalog (`courses/`) into the database, idempotently by slug."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from courses import model as content
from lms.extensions import db
from lms.models import CatalogSync, Course, Lesson, Task, TaskVersion, Track
from lms.services import published


@dataclass
class SyncReport:
    """What one sync changed; empty lists mean nothing changed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True if the database differs from before the sync."""
        return bool(self.created or self.updated or self.new_versions or self.retired)

    def lines(self) -> list[str]:
        """Human-readable lines, one per change."""
        out = [f"created {s}" for s in self.created] + [f"updated {s}" for s in self.updated]
        out += [f"new version of task {s}" for s in self.new_versions]
        return out + [f"retired {s}" for s in self.retired]


def _upsert(report: SyncReport, model, label: str, slug: str, values: dict):
    """Create or update one row by slug; records what changed."""
    row = db.session.scalar(select(model).where(model.slug == slug))
    if row is None:
        row = model(slug=slug, **values)
        db.session.add(row)
        report.created.append(f"{label} {slug}")
        return row
    diff = {k: v for k, v in values.items() if getattr(row, k) != v}
    if diff:
        for key, value in diff.items():
            setattr(row, key, value)
        report.updated.append(f"{label} {slug}")
    return row


def _retire(report: SyncReport, model, label: str, keep: set[str]) -> None:
    """Mark every active row whose slug left the content as retired."""
    for row in db.session.scalars(select(model).where(model.is_active.is_(True))):
        if row.slug not in keep:
            row.is_active = False
            report.retired.append(f"{label} {row.slug}")


def task_definition(task: content.Task) -> dict:
    """The JSON kept in a TaskVersion: everything a learner saw and was graded on."""
    payload = task.hash_payload()
    payload["title_en"] = task.title_en
    payload["lesson"] = task.lesson
    return payload


def _sync_version(report: SyncReport, row: Task, task: content.Task) -> None:
    """Add a TaskVersion when the task's content hash is new."""
    versions = list(row.versions) if row.id else []
    if versions and versions[-1].content_hash == task.content_hash:
        return
    number = versions[-1].number + 1 if versions else 1
    version = TaskVersion(number=number, content_hash=task.content_hash,
                          definition=task_definition(task))
    row.versions.append(version)
    if versions:
        report.new_versions.append(task.slug)


def _sync_course(report: SyncReport, track: Track, pos: int, course: content.Course) -> None:
    """Upsert one course with its lessons and tasks."""
    row = _upsert(report, Course, "course", course.slug, {
        "track": track, "position": pos, "title": course.title, "title_en": course.title_en,
        "summary": course.summary, "summary_en": course.summary_en, "is_active": True})
    lessons = {}
    for i, lesson in enumerate(course.lessons):
        lessons[lesson.slug] = _upsert(report, Lesson, "lesson", lesson.slug, {
            "course": row, "position": i, "title": lesson.title, "title_en": lesson.title_en,
            "minutes": lesson.minutes, "key_points": list(lesson.key_points),
            "body": lesson.body, "content_hash": lesson.content_hash, "is_active": True})
    db.session.flush()
    for i, task in enumerate(course.tasks):
        lesson_id = db.session.scalar(select(Lesson.id).where(Lesson.slug == task.lesson)) \
            if task.lesson else None
        trow = _upsert(report, Task, "task", task.slug, {
            "course": row, "position": i, "kind": task.kind, "title": task.title,
            "title_en": task.title_en, "lesson_id": lesson_id, "is_active": True})
        _sync_version(report, trow, task)


def sync_catalog(catalog: content.Catalog) -> SyncReport:
    """Make the database match `catalog`; a second run with the same catalog changes nothing."""
    report = SyncReport()
    for pos, track in enumerate(catalog.tracks):
        row = _upsert(report, Track, "track", track.slug, {
            "position": pos, "title": track.title, "title_en": track.title_en,
            "summary": track.summary, "summary_en": track.summary_en, "is_active": True})
        for cpos, course in enumerate(track.courses):
            _sync_course(report, row, cpos, course)
    db.session.flush()
    _retire(report, Task, "task", set(catalog.tasks))
    _retire(report, Lesson, "lesson", set(catalog.lessons))
    _retire(report, Course, "course", {c.slug for c in catalog.courses})
    _retire(report, Track, "track", {t.slug for t in catalog.tracks})
    record_sync(report)
    return report


SYNC_LINES_KEPT = 200


def record_sync(report: SyncReport) -> CatalogSync:
    """Commit a sync and keep it in the history; its row is the catalog's new version, so
    every web process rebuilds its published catalog (this one at once)."""
    lines = report.lines()
    row = CatalogSync(token=uuid.uuid4().hex, changes=len(lines), lines=lines[:SYNC_LINES_KEPT])
    db.session.add(row)
    db.session.commit()
    published.forget()
    return row


def sync_history(limit: int = 10) -> list[CatalogSync]:
    """The newest sync runs first."""
    return list(db.session.scalars(select(CatalogSync).order_by(CatalogSync.id.desc()).limit(limit)))


def sync_from_files() -> SyncReport:
    """Load the content files under courses/content and sync them into the database."""
    from courses.loader import load_catalog

    return sync_catalog(load_catalog())


__all__ = ["SyncReport", "record_sync", "sync_catalog", "sync_from_files", "sync_history",
           "task_definition"]
