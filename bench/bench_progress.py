"""GET /api/v1/cohorts/<id>/progress for a cohort of 500 learners with realistic progress, in a
temporary SQLite instance with the real catalog. Budget (SPEC §4): a constant number of SQL
queries, ≤ 300 ms. Prints median / p95 over 20 requests and the statement count; asserts
nothing."""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEARNERS = 500
REQUESTS = 20
BUDGET_MS = 300


def build(db, rng: random.Random) -> tuple[int, str]:
    """The real catalog, a mentor's cohort of LEARNERS learners with lessons done, attempts,
    placements, group and personal assignments; returns (cohort id, mentor's API token)."""
    from lms.clock import local_today as today
    from lms.clock import utcnow
    from lms.models import (
        Assignment,
        Cohort,
        Course,
        Lesson,
        LessonProgress,
        MemberRole,
        Membership,
        Organisation,
        Placement,
        Role,
        Task,
        TaskAttempt,
        TaskVersion,
        Track,
        User,
    )
    from lms.services import accounts
    from lms.services.catalog import sync_from_files

    sync_from_files()
    org = Organisation(kind="village", name="基准村")
    db.session.add(org)
    db.session.flush()
    cohort = Cohort(org_id=org.id, name="基准组", join_code="BENCH500", capacity=1000)
    db.session.add(cohort)
    db.session.commit()
    mentor = accounts.do_create_user(username="benchmentor", display_name="辅导员", password="bench-pass-1",
                                     role=Role.MENTOR, org_id=org.id)
    db.session.add(Membership(cohort_id=cohort.id, user_id=mentor.id, role=MemberRole.MENTOR.value))
    db.session.commit()

    now = utcnow()
    pw = mentor.password_hash     # one real hash for everyone: hashing 500 passwords is not the point
    db.session.execute(insert(User), [
        {"username": f"learner{i:03d}", "display_name": f"学员{i}", "password_hash": pw,
         "role": Role.LEARNER.value, "org_id": org.id,
         "last_active_at": now - timedelta(hours=rng.randint(1, 24 * 30)) if rng.random() < 0.8 else None}
        for i in range(LEARNERS)])
    ids = list(db.session.scalars(select(User.id).where(User.role == Role.LEARNER.value).order_by(User.id)))
    db.session.execute(insert(Membership), [
        {"cohort_id": cohort.id, "user_id": uid, "role": MemberRole.LEARNER.value} for uid in ids])

    tracks = list(db.session.scalars(select(Track.id).where(Track.is_active.is_(True))))
    lessons = {t: list(db.session.scalars(select(Lesson.id).join(Course).where(Course.track_id == t)))
               for t in tracks}
    versions = list(db.session.execute(select(TaskVersion.id, TaskVersion.task_id)))
    placed = {uid: rng.choice(tracks) for uid in ids if rng.random() < 0.85}
    db.session.execute(insert(Placement), [
        {"user_id": uid, "chosen_track_id": t, "answers": {}} for uid, t in placed.items()])
    done, attempts = [], []
    for uid in ids:
        pool = lessons[placed[uid]] if uid in placed else [le for ls in lessons.values() for le in ls]
        done += [{"user_id": uid, "lesson_id": le} for le in rng.sample(pool, rng.randint(0, len(pool)))]
        for n, (version_id, _task) in enumerate(rng.sample(versions, rng.randint(0, min(8, len(versions))))):
            score = rng.randint(30, 100)
            attempts.append({"user_id": uid, "task_version_id": version_id, "nonce": f"b{n}",
                             "answers": {}, "score": score, "passed": score >= 60})
    db.session.execute(insert(LessonProgress), done)
    db.session.execute(insert(TaskAttempt), attempts)

    tasks = list(db.session.scalars(select(Task.id).where(Task.is_active.is_(True)).order_by(Task.id)))
    group_tasks = rng.sample(tasks, min(8, len(tasks)))
    db.session.execute(insert(Assignment), [
        {"cohort_id": cohort.id, "task_id": t, "due_on": today() + timedelta(days=rng.randint(-14, 14)),
         "note": ""} for t in group_tasks])
    personal = [{"learner_id": uid, "task_id": t, "due_on": today() + timedelta(days=rng.randint(-7, 7)),
                 "note": ""} for uid in rng.sample(ids, LEARNERS // 5)
                for t in rng.sample(tasks, 2)]
    all_lessons = sorted(le for ls in lessons.values() for le in ls)
    group_lessons = rng.sample(all_lessons, min(6, len(all_lessons)))
    db.session.execute(insert(Assignment), [
        {"cohort_id": cohort.id, "lesson_id": le, "due_on": today() + timedelta(days=rng.randint(-14, 14)),
         "note": ""} for le in group_lessons])
    personal += [{"learner_id": uid, "lesson_id": le, "due_on": today() + timedelta(days=rng.randint(-7, 7)),
                  "note": ""} for uid in rng.sample(ids, LEARNERS // 5) for le in rng.sample(all_lessons, 2)]
    db.session.execute(insert(Assignment), personal)
    db.session.commit()
    print(f"built: {len(ids)} learners, {len(done)} lessons done, {len(attempts)} attempts, "
          f"{len(group_tasks)} tasks + {len(group_lessons)} lessons for the group, "
          f"{len(personal)} personal assignments (tasks and lessons), "
          f"{sum(map(len, lessons.values()))} lessons in {len(tracks)} tracks")
    return cohort.id, accounts.issue_api_token(mentor)[0]


def measure(app, db, cohort_id: int, token: str) -> tuple[list[float], int, int]:
    client = app.test_client()
    url = f"/api/v1/cohorts/{cohort_id}/progress"
    headers = {"Authorization": f"Bearer {token}"}
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    first = client.get(url, headers=headers)      # warm: first-request work is not measured
    assert first.status_code == 200, first.get_json()
    event.listen(db.engine, "before_cursor_execute", count)
    rows = len(client.get(url, headers=headers).get_json()["learners"])
    event.remove(db.engine, "before_cursor_execute", count)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, len(statements), rows


def main() -> None:
    for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
        os.environ.pop(key, None)
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
            upgrade_to_head()
            cohort_id, token = build(db, random.Random(500))
            db.session.remove()
            times, n_statements, rows = measure(app, db, cohort_id, token)
            db.engine.dispose()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    median = statistics.median(times)
    print(f"GET /api/v1/cohorts/<id>/progress, {rows} learners, {REQUESTS} requests (SQLite)")
    print(f"median {median:.1f} ms   p95 {p95:.1f} ms   budget {BUDGET_MS} ms  "
          f"{'ok' if p95 <= BUDGET_MS else 'OVER'}")
    print(f"SQL statements per request: {n_statements} (auth + cohort + report)")


if __name__ == "__main__":
    main()
