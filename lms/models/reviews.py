"""A mentor's or teacher's review of one submission: the audit log of comments and score overrides."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class Review(db.Model):
    """One human review: who, when, the score and verdict before and after, why, and the
    comment the learner reads. Rows are only ever added: the ORM refuses to change or delete
    one (a later review supersedes it), so the history of an override cannot be edited away.
    `key` (the form's or the API's idempotency key) makes a double submit one review."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("attempt_id", "key", name="uq_reviews_attempt_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("task_attempts.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    score_before: Mapped[int]
    score_after: Mapped[int]
    passed_before: Mapped[bool]
    passed_after: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    reviewer = relationship("User")
    attempt = relationship("TaskAttempt")

    @property
    def overrides(self) -> bool:
        return self.score_before != self.score_after or self.passed_before != self.passed_after


@event.listens_for(Review, "before_update")
@event.listens_for(Review, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("reviews are an audit log: add a new review instead of changing one")
