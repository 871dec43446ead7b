"""Tasks and lessons a mentor or teacher assigns to a cohort or to one learner, each with a due date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class Assignment(db.Model):
    """One task or one lesson assigned to every learner of a cohort, or to a single learner,
    due on a calendar day (local time). Exactly one of `cohort_id` / `learner_id` is set, and
    exactly one of `task_id` / `lesson_id`.

    Points at `Task` (the stable identity across catalog versions), like drafts do: the
    learner answers whichever version is current, and a pass on any version counts. A lesson
    assignment is done when the learner marks the lesson done.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "task_id", name="uq_assignments_cohort_task"),
        UniqueConstraint("learner_id", "task_id", name="uq_assignments_learner_task"),
        UniqueConstraint("cohort_id", "lesson_id", name="uq_assignments_cohort_lesson"),
        UniqueConstraint("learner_id", "lesson_id", name="uq_assignments_learner_lesson"),
        CheckConstraint("(cohort_id IS NULL) <> (learner_id IS NULL)", name="one_target"),
        CheckConstraint("(task_id IS NULL) <> (lesson_id IS NULL)", name="one_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort = relationship("Cohort")
    learner = relationship("User", foreign_keys=[learner_id])
    task = relationship("Task")
    lesson = relationship("Lesson")

    @property
    def item(self):
        """The task or the lesson assigned."""
        return self.task if self.task_id is not None else self.lesson

    @property
    def item_key(self) -> tuple[str, int]:
        return ("task", self.task_id) if self.task_id is not None else ("lesson", self.lesson_id)
