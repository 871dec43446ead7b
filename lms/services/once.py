"""The one double-submit guard: a unique key per actor in the database, and an integrity-error
branch that returns the row the first of two identical requests created."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from lms.extensions import db

T = TypeVar("T")


def insert_once(row: T, find_existing: Callable[[], T | None]) -> tuple[T, bool]:
    """Add `row` and commit. If an identical concurrent request committed first (the row's
    unique key fires), roll back and return that request's row. Returns (row, created)."""
    db.session.add(row)
    try:
        db.session.commit()
        return row, True
    except IntegrityError:
        db.session.rollback()
        existing = find_existing()
        if existing is None:  # a different constraint failed: not a double submit
            raise
        return existing, False
