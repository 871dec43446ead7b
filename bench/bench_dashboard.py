"""The mentor's cohort page with its "who needs help" list (GET /cohorts/<id>) for 500 learners
with realistic progress (the data of bench_progress.py, plus flagged and failed attempts), as
the signed-in mentor over the test client. Budget (SPEC §4): a constant number of SQL queries,
≤ 300 ms. SQLite in a temporary instance by default; `BENCH_DATABASE_URL=postgresql://…` runs
it on PostgreSQL (the database is emptied first). Prints median / p95 over 20 requests and the
statement count; asserts nothing. `--profile` prints where the requests spend their time."""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_progress import BUDGET_MS, REQUESTS, build


def flag_some(db, rng: random.Random) -> None:
    """One attempt in 20 flagged for review, one in 40 whose feedback job failed."""
    from lms.models import AttemptStatus, TaskAttempt

    ids = list(db.session.scalars(select(TaskAttempt.id)))
    db.session.execute(update(TaskAttempt).where(TaskAttempt.id.in_(rng.sample(ids, len(ids) // 20)))
                       .values(needs_review=True))
    db.session.execute(update(TaskAttempt).where(TaskAttempt.id.in_(rng.sample(ids, len(ids) // 40)))
                       .values(status=AttemptStatus.FAILED))
    db.session.commit()


def measure(app, db, cohort_id: int) -> tuple[list[float], int, int]:
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed = client.post("/auth/login", data={"csrf_token": token, "login": "benchmentor",
                                              "password": "bench-pass-1"})
    assert signed.status_code == 303, signed.status_code
    url = f"/cohorts/{cohort_id}"
    first = client.get(url)                       # warm: first-request work is not measured
    assert first.status_code == 200, first.status_code
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    html = client.get(url).get_data(as_text=True)
    event.remove(db.engine, "before_cursor_execute", count)
    profile = cProfile.Profile() if "--profile" in sys.argv else None
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        if profile:
            profile.enable()
        response = client.get(url)
        if profile:
            profile.disable()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    if profile:
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(30)
    return times, len(statements), html.count('<a class="name"')


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    os.environ.pop("CELERY_BROKER_URL", None)
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as instance:
        os.environ["LMS_INSTANCE"] = instance
        from lms import create_app
        from lms.config import Config
        from lms.database import upgrade_to_head
        from lms.extensions import db
        from lms.instance import prepare_instance

        app = create_app(Config())

        prepare_instance(app)
        with app.app_context():
            if url:
                db.drop_all()
                with db.engine.begin() as conn:
                    conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            upgrade_to_head()
            cohort_id, _token = build(db, random.Random(500))
            flag_some(db, random.Random(7))
            db.session.remove()
            if url:  # fresh statistics, as autovacuum keeps them on a live server
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("ANALYZE")
            times, n_statements, rows = measure(app, db, cohort_id)
            db.engine.dispose()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    median = statistics.median(times)
    print(f"GET /cohorts/<id> (who needs help), {rows} learners, {REQUESTS} requests "
          f"({'PostgreSQL' if url else 'SQLite'})")
    print(f"median {median:.1f} ms   p95 {p95:.1f} ms   budget {BUDGET_MS} ms  "
          f"{'ok' if p95 <= BUDGET_MS else 'OVER'}")
    print(f"SQL statements per request: {n_statements} (session + cohort + page + dashboard)")


if __name__ == "__main__":
    main()
