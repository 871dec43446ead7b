"""The course catalog in the database: tracks, courses, lessons, tasks and task versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class Track(db.Model):
    """One of the tiered tracks; retired (not deleted) when it leaves the content."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    courses = relationship("Course", back_populates="track", order_by="Course.position")


class Course(db.Model):
    """One course of a track."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    track = relationship("Track", back_populates="courses")
    lessons = relationship("Lesson", back_populates="course", order_by="Lesson.position")
    tasks = relationship("Task", back_populates="course", order_by="Task.position")


class Lesson(db.Model):
    """One short lesson; its Markdown body is kept so pages render without the files."""

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[int] = mapped_column(default=5)
    key_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    course = relationship("Course", back_populates="lessons")


class Task(db.Model):
    """One graded practice task; its text lives in versions."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    course = relationship("Course", back_populates="tasks")
    versions = relationship("TaskVersion", back_populates="task", order_by="TaskVersion.number")

    @property
    def current(self) -> TaskVersion:
        """The newest version: what a learner sees and answers now."""
        return self.versions[-1]


class TaskVersion(db.Model):
    """The full text of a task as it was at one time; attempts point here, never at Task."""

    __tablename__ = "task_versions"
    __table_args__ = (UniqueConstraint("task_id", "number", name="uq_task_versions_task_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    task = relationship("Task", back_populates="versions")


class CatalogSync(db.Model):
    """One run of the catalog sync, kept as history. The newest row is the catalog's version:
    every web process compares it with the snapshot it holds and rebuilds when it moved on
    (`token` tells two databases' row 1 apart, e.g. in tests)."""

    __tablename__ = "catalog_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[int] = mapped_column(default=0)
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)
