"""The LLM's per-learner daily budget, counted in the database so every worker process and
machine shares one count (tutor.llm.DailyBudget; an in-memory counter would give N workers N
budgets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import LlmUsage

KEEP_DAYS = 7


class DatabaseBudget:
    """`limit` LLM reviews per learner per day. Each take is its own short transaction (never
    mixed with the caller's session): one conditional UPDATE, or the day's first INSERT."""

    def __init__(self, limit: int):
        self.limit = limit

    def take(self, learner_key: str, day: str) -> bool:
        key = learner_key[:64]
        for _ in range(2):  # a concurrent first take of the day: the INSERT loses, so update
            with db.engine.begin() as conn:
                taken = conn.execute(
                    update(LlmUsage).where(LlmUsage.learner_key == key, LlmUsage.day == day,
                                           LlmUsage.used < self.limit)
                    .values(used=LlmUsage.used + 1)).rowcount
                if taken:
                    return True
            if self.limit <= 0:
                return False
            try:
                with db.engine.begin() as conn:
                    conn.execute(insert(LlmUsage).values(learner_key=key, day=day, used=1))
                    conn.execute(delete(LlmUsage).where(LlmUsage.day < _days_before(day, KEEP_DAYS)))
                return True
            except IntegrityError:  # the row exists: either used up, or another worker made it
                continue
        return False

    def used(self, learner_key: str, day: str) -> int:
        row = db.session.get(LlmUsage, (learner_key[:64], day))
        return row.used if row else 0


def _days_before(day: str, n: int) -> str:
    return (datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC) - timedelta(days=n)).strftime("%Y-%m-%d")
