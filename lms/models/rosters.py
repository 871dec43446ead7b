"""Class-list imports made through the web: the checked rows waiting for the worker, and what
the worker did with them. Never a password: the cards' one-time passwords are derived from a
key that only the staff member's session and the job's (encrypted) message hold."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class ImportStatus:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    FINAL = (DONE, FAILED)


class RosterImport(db.Model):
    """One class list confirmed into one cohort. `key` is the file's fingerprint: the same file
    confirmed again by the same staff member (a double tap, two at once, a reload) finds this
    row. `rows` are the checked rows [{line, display_name, phone, username, login}]; `result`
    one entry per account made [{line, user_id, login, h}] (`h`: a fingerprint of the new
    password's hash, to tell whether a card may still be shown); `errors` [{line, message}]."""

    __tablename__ = "roster_imports"
    __table_args__ = (UniqueConstraint("cohort_id", "created_by_id", "key", name="uq_roster_imports_cohort_creator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.QUEUED)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    result: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    tries: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    cohort = relationship("Cohort")

    @property
    def is_pending(self) -> bool:
        return self.status not in ImportStatus.FINAL
