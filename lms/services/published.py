"""The published catalog as plain immutable data, read once per process.

Learner pages and the learner API read the catalog on every request, but it changes only
when a catalog sync runs. Each process keeps one `Catalog` — tracks, courses, lessons and
tasks (with their current version) as frozen values — built from the database with four
queries, and rebuilds it when the catalog's version moved on. The version is the newest
`catalog_syncs` row, which every sync adds; a process compares it at most every
`CATALOG_CHECK_SECONDS` (one primary-key lookup), so several processes and machines see a
sync within that time, and the syncing process drops its copy at once (`forget`).

Only what is published is here: active tracks, their active courses, and those courses'
active lessons and tasks. A learner's own rows (lessons done, attempts, assignments) are
never cached; they are read per request as plain column queries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import CatalogSync, Course, Lesson, Task, TaskVersion, Track
from lms.services.errors import NotFound

_EXTENSION = "lms.published"


@dataclass(frozen=True, eq=False)
class TrackItem:
    id: int
    slug: str
    position: int
    title: str
    title_en: str
    summary: str
    summary_en: str
    courses: tuple[CourseItem, ...] = ()


@dataclass(frozen=True, eq=False)
class CourseItem:
    id: int
    slug: str
    position: int
    title: str
    title_en: str
    summary: str
    summary_en: str
    track: TrackItem = field(repr=False)
    lessons: tuple[LessonItem, ...] = ()
    tasks: tuple[TaskItem, ...] = ()


@dataclass(frozen=True, eq=False)
class LessonItem:
    id: int
    slug: str
    position: int
    title: str
    title_en: str
    minutes: int
    key_points: tuple[str, ...]
    body: str
    course: CourseItem = field(repr=False)


@dataclass(frozen=True, eq=False)
class TaskItem:
    id: int
    slug: str
    position: int
    kind: str
    title: str
    title_en: str
    lesson_id: int | None
    version_id: int
    version_number: int
    definition: Mapping = field(repr=False)  # the current version's definition, read-only
    course: CourseItem = field(repr=False)


def _attach(item, **children) -> None:
    """Set a frozen item's children once, while the catalog is being built."""
    for name, value in children.items():
        object.__setattr__(item, name, value)


@dataclass(frozen=True, eq=False)
class Catalog:
    """One published catalog. Look-ups by slug raise NotFound (a 404) for anything that is not
    published; everything is in catalog order."""

    version: tuple[int, str] | None
    tracks: tuple[TrackItem, ...]
    _tracks: Mapping[str, TrackItem] = field(repr=False)
    _courses: Mapping[str, CourseItem] = field(repr=False)
    _lessons: Mapping[str, LessonItem] = field(repr=False)
    _tasks: Mapping[str, TaskItem] = field(repr=False)
    _task_ids: Mapping[int, TaskItem] = field(repr=False)
    _lesson_ids: Mapping[int, LessonItem] = field(repr=False)
    _html: dict[tuple, str] = field(default_factory=dict, repr=False)  # rendered Markdown

    @classmethod
    def of(cls, version, tracks: tuple[TrackItem, ...]) -> Catalog:
        courses = [c for t in tracks for c in t.courses]
        lessons = [le for c in courses for le in c.lessons]
        tasks = [t for c in courses for t in c.tasks]
        return cls(version, tracks, MappingProxyType({t.slug: t for t in tracks}),
                   MappingProxyType({c.slug: c for c in courses}),
                   MappingProxyType({le.slug: le for le in lessons}),
                   MappingProxyType({t.slug: t for t in tasks}),
                   MappingProxyType({t.id: t for t in tasks}),
                   MappingProxyType({le.id: le for le in lessons}))

    def _get(self, items: Mapping, key):
        item = items.get(key)
        if item is None:
            raise NotFound(_l("This page does not exist or was removed."))
        return item

    def track(self, slug: str) -> TrackItem:
        return self._get(self._tracks, slug)

    def course(self, slug: str) -> CourseItem:
        return self._get(self._courses, slug)

    def lesson(self, slug: str) -> LessonItem:
        return self._get(self._lessons, slug)

    def task(self, slug: str) -> TaskItem:
        return self._get(self._tasks, slug)

    def track_by_id(self, track_id: int | None) -> TrackItem | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    def task_by_id(self, task_id: int) -> TaskItem | None:
        return self._task_ids.get(task_id)

    def lesson_by_id(self, lesson_id: int) -> LessonItem | None:
        return self._lesson_ids.get(lesson_id)

    def lessons_of(self, track: TrackItem) -> list[LessonItem]:
        return [le for c in track.courses for le in c.lessons]

    def tasks_of(self, track: TrackItem) -> list[TaskItem]:
        return [t for c in track.courses for t in c.tasks]

    def lesson_after(self, lesson: LessonItem) -> LessonItem | None:
        """The next lesson in the same track, crossing course boundaries."""
        ordered = self.lessons_of(lesson.course.track)
        index = ordered.index(lesson)
        return ordered[index + 1] if index < len(ordered) - 1 else None

    def rendered(self, key: tuple, text: str, render: Callable[[str], str]) -> str:
        """`render(text)` once per catalog and key (lesson bodies and task briefs: Markdown
        to sanitized HTML), then kept with the catalog."""
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = render(text)
        return html


def _build(version: tuple[int, str] | None) -> Catalog:
    """Read every published row with four column queries (no ORM objects)."""
    s = db.session
    track_rows = s.execute(
        select(Track.id, Track.slug, Track.position, Track.title, Track.title_en, Track.summary,
               Track.summary_en).where(Track.is_active.is_(True)).order_by(Track.position, Track.id)).all()
    tracks = {r.id: TrackItem(*r) for r in track_rows}
    course_rows = s.execute(
        select(Course.id, Course.slug, Course.position, Course.title, Course.title_en, Course.summary,
               Course.summary_en, Course.track_id)
        .where(Course.is_active.is_(True), Course.track_id.in_(list(tracks)))
        .order_by(Course.position, Course.id)).all()
    courses = {r.id: CourseItem(*r[:7], track=tracks[r.track_id]) for r in course_rows}
    lessons: dict[int, list[LessonItem]] = {c: [] for c in courses}
    for r in s.execute(
            select(Lesson.id, Lesson.slug, Lesson.position, Lesson.title, Lesson.title_en,
                   Lesson.minutes, Lesson.key_points, Lesson.body, Lesson.course_id)
            .where(Lesson.is_active.is_(True), Lesson.course_id.in_(list(courses)))
            .order_by(Lesson.position, Lesson.id)):
        lessons[r.course_id].append(LessonItem(*r[:6], tuple(r.key_points or ()), r.body,
                                               course=courses[r.course_id]))
    newest = (select(TaskVersion.task_id, func.max(TaskVersion.number).label("number"))
              .group_by(TaskVersion.task_id).subquery())
    tasks: dict[int, list[TaskItem]] = {c: [] for c in courses}
    for r in s.execute(
            select(Task.id, Task.slug, Task.position, Task.kind, Task.title, Task.title_en,
                   Task.lesson_id, TaskVersion.id.label("version_id"), TaskVersion.number,
                   TaskVersion.definition, Task.course_id)
            .join(newest, newest.c.task_id == Task.id)
            .join(TaskVersion, (TaskVersion.task_id == Task.id) & (TaskVersion.number == newest.c.number))
            .where(Task.is_active.is_(True), Task.course_id.in_(list(courses)))
            .order_by(Task.position, Task.id)):
        tasks[r.course_id].append(TaskItem(*r[:9], MappingProxyType(dict(r.definition)),
                                           course=courses[r.course_id]))
    for course_id, course in courses.items():
        _attach(course, lessons=tuple(lessons[course_id]), tasks=tuple(tasks[course_id]))
    for track in tracks.values():
        _attach(track, courses=tuple(c for c in courses.values() if c.track is track))
    return Catalog.of(version, tuple(tracks.values()))


_VERSION = select(CatalogSync.id, CatalogSync.token).order_by(CatalogSync.id.desc()).limit(1)


def _read_version() -> tuple[int, str] | None:
    row = db.session.execute(_VERSION).first()
    return (row.id, row.token) if row else None


class _Holder:
    """The process's catalog for one app, and when its version was last compared."""

    def __init__(self):
        self.lock = threading.Lock()
        self.catalog: Catalog | None = None
        self.checked = float("-inf")


def _holder() -> _Holder:
    holder = current_app.extensions.get(_EXTENSION)
    if holder is None:
        holder = current_app.extensions.setdefault(_EXTENSION, _Holder())
    return holder


def current() -> Catalog:
    """The published catalog for this request: the same object for the whole request, rebuilt
    when the catalog's version changed (compared at most every CATALOG_CHECK_SECONDS)."""
    if "lms_catalog" in g:
        return g.lms_catalog
    holder = _holder()
    catalog = holder.catalog
    if catalog is None or time.monotonic() - holder.checked >= current_app.config["CATALOG_CHECK_SECONDS"]:
        with holder.lock:
            version = _read_version()
            holder.checked = time.monotonic()
            if holder.catalog is None or holder.catalog.version != version:
                holder.catalog = _build(version)
            catalog = holder.catalog
    g.lms_catalog = catalog
    return catalog


def forget() -> None:
    """Drop this process's catalog (after a sync here): the next request reads it again."""
    holder = _holder()
    with holder.lock:
        holder.catalog = None
        holder.checked = float("-inf")
    g.pop("lms_catalog", None)


__all__ = ["Catalog", "CourseItem", "LessonItem", "TaskItem", "TrackItem", "current", "forget"]
