"""The LLM's daily budget per learner is one count in the database, whichever worker takes it."""

from __future__ import annotations

import threading

from lms.extensions import db
from lms.models import LlmUsage
from lms.services.llm_budget import DatabaseBudget


def test_two_workers_share_one_budget_and_a_new_day_starts_again(app):
    first, second = DatabaseBudget(3), DatabaseBudget(3)     # two worker processes
    taken = [first.take("u1", "2026-12-04"), second.take("u1", "2026-12-04"),
             first.take("u1", "2026-12-04"), second.take("u1", "2026-12-04")]
    assert taken == [True, True, True, False]
    assert first.take("u2", "2026-12-04")                     # another learner has their own
    assert first.take("u1", "2026-12-05")                     # and tomorrow is a new day
    assert first.used("u1", "2026-12-04") == 3


def test_old_days_are_forgotten(app):
    budget = DatabaseBudget(5)
    budget.take("u1", "2026-11-01")
    budget.take("u1", "2026-12-04")
    assert [r.day for r in db.session.query(LlmUsage).order_by(LlmUsage.day)] == ["2026-12-04"]


def test_concurrent_takes_never_exceed_the_limit(app):
    budget, results, barrier = DatabaseBudget(5), [], threading.Barrier(8)

    def take():
        with app.app_context():
            barrier.wait()
            results.extend(budget.take("u1", "2026-12-04") for _ in range(2))
            db.session.remove()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 16 and results.count(True) == 5
    assert budget.used("u1", "2026-12-04") == 5


def test_a_zero_limit_gives_nothing(app):
    assert DatabaseBudget(0).take("u1", "2026-12-04") is False
