"""GET /api/v1/cohorts/<id>/progress: each learner's lessons, assigned tasks and last activity,
for staff who can see the cohort, in a fixed number of SQL statements."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.clock import local_today
from lms.models import (
    Assignment,
    Course,
    Lesson,
    MemberRole,
    Membership,
    OrgKind,
    Role,
    Task,
    Track,
)
from lms.services import assignments, placement, progress
from lms.services.catalog import sync_catalog
from tests.conftest import (
    api_headers,
    counting_statements,
    make_cohort,
    make_learner,
    make_org,
    make_user,
)
from tests.helpers import MINI

RIGHT = {"q1": ["b"], "q2": ["a", "b"], "q3": ["false"]}
PLACEMENT = {f"p{i}": "a" for i in range(1, 11)}


@pytest.fixture
def world(app, db):
    """The small catalog (basic: 3 lessons) plus a 2-lesson course on the livestream track."""
    sync_catalog(load_catalog(MINI))
    track = db.session.scalar(select(Track).where(Track.slug == "livestream"))
    course = Course(slug="live-extra", track_id=track.id, position=0, title="直播加课")
    db.session.add(course)
    db.session.flush()
    db.session.add_all([Lesson(slug=f"live-{i}", course_id=course.id, position=i, title=f"直播{i}")
                        for i in range(2)])
    db.session.commit()
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    return {"mentor": mentor, "cohort": make_cohort(org, staff=mentor),
            "tasks": {t.slug: t for t in db.session.scalars(select(Task))},
            "lessons": {le.slug: le for le in db.session.scalars(select(Lesson))}}


def day(offset: int):
    return local_today() + timedelta(days=offset)


def report(client, user, cohort) -> list[dict]:
    r = client.get(f"/api/v1/cohorts/{cohort.id}/progress", headers=api_headers(client, user))
    assert r.status_code == 200, r.json
    return r.json["learners"]


def assign_to_cohort(db, world, slug: str, due_offset: int, cohort=None) -> None:
    """Assign through the service, then move the due date (into the past, if asked)."""
    a = assignments.do_assign(world["mentor"], cohort or world["cohort"], world["tasks"][slug].id, day(0))
    a.due_on = day(due_offset)
    db.session.commit()


def test_numbers_for_a_small_hand_made_cohort(client, db, world):
    cohort, lessons, tasks, mentor = world["cohort"], world["lessons"], world["tasks"], world["mentor"]
    anna, bobo = make_learner(cohort, username="anna"), make_learner(cohort, username="bobo")
    cara, dora = make_learner(cohort, username="cara"), make_learner(cohort, username="dora")
    make_learner(username="else")                                    # another group's learner
    # anna: placed on basic, 2 of its 3 lessons (+1 livestream lesson that is not her track),
    # passed 1 of 3 assigned tasks; the copy task is overdue, the passed quiz is not
    placement.do_choose_track(anna, PLACEMENT, "basic")
    for slug in ("demo-one", "demo-two", "live-0"):
        progress.do_complete_lesson(anna, lessons[slug])
    progress.do_submit_quiz(anna, tasks["demo-quiz"], RIGHT, "n1")
    progress.do_submit_quiz(anna, tasks["demo-quiz"], RIGHT, "n2")   # a second pass counts once
    assign_to_cohort(db, world, "demo-quiz", -3)
    assign_to_cohort(db, world, "demo-copy", -1)
    assignments.do_assign_learners(mentor, ["anna"], tasks["demo-reply"].id, day(4))
    # anna is also in a second group of the mentor that assigned the copy task again
    second = make_cohort(mentor.org, staff=mentor)
    db.session.add(Membership(cohort_id=second.id, user_id=anna.id, role=MemberRole.LEARNER.value))
    db.session.commit()
    assign_to_cohort(db, world, "demo-copy", 10, cohort=second)
    anna.last_active_at = datetime(2026, 11, 20, 8, 30, 5, 123)
    db.session.commit()
    # cara: placed on livestream, 1 of its 2 lessons (+ a basic one, not her track)
    placement.do_choose_track(cara, PLACEMENT, "livestream")
    progress.do_complete_lesson(cara, lessons["live-1"])
    progress.do_complete_lesson(cara, lessons["demo-one"])
    # dora: not placed, so every active lesson counts: 2 of 5
    progress.do_complete_lesson(dora, lessons["demo-three"])
    progress.do_complete_lesson(dora, lessons["live-0"])

    rows = report(client, mentor, cohort)
    assert rows == [
        {"username": "anna", "lessons_done": 2, "lessons_total": 3, "tasks_passed": 1,
         "tasks_assigned": 3, "overdue": 1, "last_active": "2026-11-20T08:30:05Z"},
        {"username": "bobo", "lessons_done": 0, "lessons_total": 5, "tasks_passed": 0,
         "tasks_assigned": 2, "overdue": 2, "last_active": None},
        {"username": "cara", "lessons_done": 1, "lessons_total": 2, "tasks_passed": 0,
         "tasks_assigned": 2, "overdue": 2, "last_active": None},
        {"username": "dora", "lessons_done": 2, "lessons_total": 5, "tasks_passed": 0,
         "tasks_assigned": 2, "overdue": 2, "last_active": None},
    ]
    assert bobo.id and report(client, mentor, second) == [rows[0]]

    # a lesson retired from the content counts for nobody
    lessons["demo-three"].is_active = False
    db.session.commit()
    dora_row = report(client, mentor, cohort)[3]
    assert (dora_row["lessons_done"], dora_row["lessons_total"]) == (1, 4)


def test_an_empty_cohort_reports_no_learners(client, world):
    assert report(client, world["mentor"], world["cohort"]) == []


def add_busy_learners(db, world, n: int) -> None:
    """n learners, each placed, with a lesson done, a quiz passed and a personal assignment."""
    names = []
    for _ in range(n):
        learner = make_learner(world["cohort"])
        placement.do_choose_track(learner, PLACEMENT, "basic")
        progress.do_complete_lesson(learner, world["lessons"]["demo-one"])
        progress.do_submit_quiz(learner, world["tasks"]["demo-quiz"], RIGHT, "n")
        names.append(learner.username)
    assignments.do_assign_learners(world["mentor"], names, world["tasks"]["demo-reply"].id, day(2))


def test_the_report_costs_the_same_statements_for_2_or_20_learners(client, db, world):
    assign_to_cohort(db, world, "demo-copy", -1)
    headers = api_headers(client, world["mentor"])
    url = f"/api/v1/cohorts/{world['cohort'].id}/progress"

    def statements() -> tuple[int, int]:
        client.get(url, headers=headers)        # warm: first-request work is not measured
        with counting_statements(db) as seen:
            r = client.get(url, headers=headers)
        assert r.status_code == 200
        return len(seen), len(r.json["learners"])

    add_busy_learners(db, world, 2)
    small, n_small = statements()
    add_busy_learners(db, world, 18)
    big, n_big = statements()
    assert (n_small, n_big) == (2, 20)
    assert big == small, (small, big)
    assert db.session.scalar(select(Assignment.id).where(Assignment.learner_id.is_not(None)))


def test_who_may_read_a_cohorts_progress(client, world):
    cohort = world["cohort"]
    url = f"/api/v1/cohorts/{cohort.id}/progress"
    learner = make_learner(cohort)
    assert client.get(url).status_code == 401
    r = client.get(url, headers=api_headers(client, learner))
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    other = make_user(Role.MENTOR, org=make_org())
    make_cohort(other.org, staff=other)
    r = client.get(url, headers=api_headers(client, other))
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/cohorts/999999/progress",
                      headers=api_headers(client, world["mentor"])).status_code == 404
    school = make_org(OrgKind.SCHOOL)
    teacher = make_user(Role.TEACHER, org=school)
    school_class = make_cohort(school)
    make_learner(school_class, username="pupil")
    assert [r["username"] for r in report(client, teacher, school_class)] == ["pupil"]
    assert client.get(url, headers=api_headers(client, teacher)).status_code == 404
    assert len(report(client, make_user(Role.ADMIN), cohort)) == 1
