"""Learner pages and the learner API cost a small, fixed number of SQL statements, however big
the catalog grows: the catalog is read once per process (lms.services.published) and a
request reads only the learner's own rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.extensions import db as _db
from lms.models import Assignment, Course, Lesson, Task, TaskVersion, Track
from lms.services import placement
from lms.services.catalog import SyncReport, record_sync
from tests.conftest import api_headers, counting_statements
from tests.helpers import RIGHT, form_post

# Budgets (statements per request once the process holds the catalog). A page's count is
# the session's user (1), the catalog version check (1 in tests, which check on every request;
# a server checks every CATALOG_CHECK_SECONDS) and the learner's own rows.
PAGES = {
    "/learn/": 7,                     # + placement, progress, groups, due dates, notes
    "/learn/tracks/basic": 3,         # + progress
    "/learn/courses/demo": 3,         # + progress
    "/learn/lessons/demo-two": 4,     # + progress, due date and notes
    "/learn/tasks/demo-copy": 6,      # + attempts, draft, due date, notes
    "/learn/tasks/demo-quiz": 6,
}
API = {"/api/v1/tasks": 4, "/api/v1/me": 2}   # token+user, (version), placement, due dates / groups


def queries(client, db, url: str, **kwargs) -> int:
    client.get(url, **kwargs)            # warm: first-request work is not what we measure
    with counting_statements(db) as statements:
        assert client.get(url, **kwargs).status_code == 200, url
    return len(statements)


def add_courses(db, n: int) -> None:
    """n more courses on the basic track, each with two lessons and a quiz, published as a sync
    would publish them (a new catalog version)."""
    track = db.session.scalar(select(Track).where(Track.slug == "basic"))
    quiz = db.session.scalar(select(Task).where(Task.slug == "demo-quiz"))
    for i in range(n):
        course = Course(slug=f"extra-{i}", track_id=track.id, position=10 + i, title=f"加课{i}")
        db.session.add(course)
        db.session.flush()
        for j in range(2):
            db.session.add(Lesson(slug=f"extra-{i}-{j}", course_id=course.id, position=j,
                                  title=f"加课{i}-{j}"))
        task = Task(slug=f"extra-{i}-quiz", course_id=course.id, position=0, kind="quiz",
                    title=f"加测{i}")
        db.session.add(task)
        db.session.flush()
        db.session.add(TaskVersion(task_id=task.id, number=1, content_hash="x",
                                   definition=quiz.current.definition))
    record_sync(SyncReport(created=[f"course extra-{i}" for i in range(n)]))


@pytest.fixture
def busy_learner(client, db, synced, login_as):
    """A placed learner with a lesson done, a quiz passed, a draft and an assignment with a note."""
    learner = login_as("learner")
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "basic")
    form_post(client, "/learn/lessons/demo-one/done", {}, "/learn/lessons/demo-one")
    form_post(client, "/learn/tasks/demo-quiz/quiz", {"nonce": "q", **RIGHT}, "/learn/tasks/demo-quiz")
    form_post(client, "/learn/tasks/demo-copy/draft", {"title": "草稿", "body": "写了一半"},
              "/learn/tasks/demo-copy")
    copy = db.session.scalar(select(Task).where(Task.slug == "demo-copy"))
    from datetime import date
    db.session.add(Assignment(learner_id=learner.id, task_id=copy.id, due_on=date(2030, 1, 1),
                              note="周五前交"))
    db.session.commit()
    return learner


@pytest.mark.parametrize("url", PAGES)
def test_learner_pages_cost_a_fixed_small_number_of_statements(client, db, busy_learner, url):
    one_course = queries(client, db, url)
    assert one_course <= PAGES[url], f"{url}: {one_course} statements"
    add_courses(db, 6)
    assert queries(client, db, url) == one_course, url


def test_a_published_change_shows_at_once_and_the_home_still_costs_the_same(client, db, busy_learner):
    before = queries(client, db, "/learn/")
    add_courses(db, 3)
    html = client.get("/learn/tracks/basic").get_data(as_text=True)
    assert "加课2" in html                       # the new version was read, not the old copy
    assert queries(client, db, "/learn/") == before
    assert client.get("/learn/lessons/extra-2-1").status_code == 200
    assert client.get("/learn/tasks/extra-2-quiz").status_code == 200


@pytest.mark.parametrize("url", API)
def test_learner_api_reads_cost_a_fixed_small_number_of_statements(client, db, busy_learner, url):
    headers = api_headers(client, busy_learner)
    one_course = queries(client, db, url, headers=headers)
    assert one_course <= API[url], f"{url}: {one_course} statements"
    add_courses(db, 6)
    assert queries(client, db, url, headers=headers) == one_course, url


def test_a_retired_course_leaves_the_learner_pages_after_a_sync(client, db, busy_learner):
    course = _db.session.scalar(select(Course).where(Course.slug == "demo"))
    course.is_active = False
    record_sync(SyncReport(retired=["course demo"]))
    assert client.get("/learn/courses/demo").status_code == 404
    assert client.get("/learn/lessons/demo-two").status_code == 404
    assert client.get("/learn/tasks/demo-copy").status_code == 404
    home = client.get("/learn/").get_data(as_text=True)
    assert "/learn/tasks/demo-copy" not in home     # its assignment is not offered either
