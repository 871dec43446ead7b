"""A learner's progress: lessons done, task attempts, drafts and placement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class LessonProgress(db.Model):
    """A lesson a learner marked as done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class TaskAttempt(db.Model):
    """One graded answer to one task version; the nonce makes a double submit a no-op."""

    __tablename__ = "task_attempts"
    __table_args__ = (UniqueConstraint("user_id", "nonce", name="uq_task_attempts_user_nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_version_id: Mapped[int] = mapped_column(ForeignKey("task_versions.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(default=0)
    passed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    task_version = relationship("TaskVersion")


class Draft(db.Model):
    """Typed work on a copy/reply/livestream task, saved so it is never lost."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "task_id", name="uq_drafts_user_task"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Placement(db.Model):
    """A track placement: from the quiz (set_by is None) or a mentor's override."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    suggested_track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    chosen_track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    chosen_track = relationship("Track", foreign_keys=[chosen_track_id])
    suggested_track = relationship("Track", foreign_keys=[suggested_track_id])
