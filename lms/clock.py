"""The clock: naive UTC timestamps for storage, and today's date where the learners are."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_zone() -> ZoneInfo:
    """The learners' time zone (LMS_TIMEZONE, default Asia/Shanghai)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """Today's date where the learners are: due dates are local calendar days."""
    return datetime.now(local_zone()).date()

