"""A learner's progress: lessons done, task attempts, drafts and placement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

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


class AttemptStatus:
    """Where an attempt is in the feedback pipeline (SPEC §3 statuses)."""

    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    CRITIQUING = "critiquing"
    DONE = "done"
    FAILED = "failed"
    FINAL = (DONE, FAILED)
    PENDING = (QUEUED, TRANSCRIBING, CRITIQUING)


class TaskAttempt(db.Model):
    """One answer to one task version: a graded quiz, or a submission of copy, a reply or a
    livestream with its critique. The nonce (the form's or the API's idempotency key) makes a
    double submit a no-op. `answers` holds what the learner sent: quiz choices, or the kind's
    input fields; a recording is in AttemptAudio and its transcript in `transcript`."""

    __tablename__ = "task_attempts"
    __table_args__ = (UniqueConstraint("user_id", "nonce", name="uq_task_attempts_user_nonce"),
                      Index("ix_task_attempts_status_updated", "status", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_version_id: Mapped[int] = mapped_column(ForeignKey("task_versions.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(default=0)
    passed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.DONE, server_default="done")
    has_audio: Mapped[bool] = mapped_column(default=False, server_default=false())
    critique: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    transcript: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    needs_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    error: Mapped[str | None] = mapped_column(String(64))
    tries: Mapped[int] = mapped_column(default=0, server_default="0")
    help_requested: Mapped[bool] = mapped_column(default=False, server_default=false())  # "请导师看看"
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)  # the latest human review
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)

    task_version = relationship("TaskVersion")
    user = relationship("User")
    audio = relationship("AttemptAudio", uselist=False, cascade="all, delete-orphan")

    @property
    def is_pending(self) -> bool:
        """Still waiting for a worker (transcription or the LLM)."""
        return self.status in AttemptStatus.PENDING


class AttemptAudio(db.Model):
    """A recorded answer, kept in the database so a worker on any machine can read it."""

    __tablename__ = "attempt_audio"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("task_attempts.id", ondelete="CASCADE"),
                                            primary_key=True)
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    duration: Mapped[float] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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
