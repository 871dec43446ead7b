"""Learner pages cost a fixed number of SQL statements however many courses a track has."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.models import Course, Lesson, Task, TaskVersion, Track
from lms.services import placement
from tests.conftest import counting_statements
from tests.learn.conftest import RIGHT, form_post

PAGES = ["/learn/", "/learn/tracks/basic", "/learn/courses/demo", "/learn/lessons/demo-two"]


def queries(client, db, url: str) -> int:
    client.get(url)                      # warm: first-request work is not what we measure
    with counting_statements(db) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def add_courses(db, n: int) -> None:
    """n more courses on the basic track, each with two lessons and a quiz."""
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
    db.session.commit()


@pytest.mark.parametrize("url", PAGES)
def test_learner_pages_do_not_query_per_course(client, db, synced, login_as, url):
    learner = login_as("learner")
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "basic")
    form_post(client, "/learn/lessons/demo-one/done", {}, "/learn/lessons/demo-one")
    form_post(client, "/learn/tasks/demo-quiz/quiz", {"nonce": "q", **RIGHT}, "/learn/tasks/demo-quiz")
    one_course = queries(client, db, url)
    add_courses(db, 6)
    assert queries(client, db, url) == one_course, url
