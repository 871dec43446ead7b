"""Per-learner daily limits on LLM reviews; the web app may plug in a shared counter."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Protocol

DEFAULT_DAILY_LIMIT = 30


class DailyBudget(Protocol):
    """Atomically take one unit of a learner's budget for a day; False when used up."""

    def take(self, learner_key: str, day: str) -> bool: ...


def today() -> str:
    """The budget day, in UTC, as YYYY-MM-DD."""
    return datetime.now(UTC).strftime("%Y-%m-%d")


class MemoryBudget:
    """In-process counter: `limit` LLM reviews per learner per day."""

    def __init__(self, limit: int = DEFAULT_DAILY_LIMIT):
        self.limit = limit
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def take(self, learner_key: str, day: str) -> bool:
        """Count one review if the learner still has budget left today."""
        with self._lock:
            self._forget_other_days(day)
            used = self._counts.get((learner_key, day), 0)
            if used >= self.limit:
                return False
            self._counts[(learner_key, day)] = used + 1
            return True

    def used(self, learner_key: str, day: str | None = None) -> int:
        """How many reviews the learner has used on `day` (default today)."""
        with self._lock:
            return self._counts.get((learner_key, day or today()), 0)

    def _forget_other_days(self, day: str) -> None:
        """Drop counters of past days so memory stays bounded."""
        for key in [k for k in self._counts if k[1] != day]:
            del self._counts[key]
