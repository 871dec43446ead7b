"""Two identical taps at once (a slow phone, a double tap) on mark-done, the first draft save and
a quiz: no 500, one row. One guard (lms.services.once) serves all of them."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from lms.models import Draft, LessonProgress, TaskAttempt
from lms.services import progress
from tests.conftest import csrf_token
from tests.helpers import RIGHT


def _count(db, model) -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(model))


def _at_once(app, client, url: str, data: dict, page: str, n: int = 6) -> list[int]:
    """POST the same form from `n` clients sharing one session, released together."""
    token = csrf_token(client, page)
    cookie = client.get_cookie("session")
    barrier, statuses = threading.Barrier(n), []

    def tap():
        c = app.test_client()
        c.set_cookie("session", cookie.value)
        barrier.wait()
        statuses.append(c.post(url, data={"csrf_token": token, **data}).status_code)

    threads = [threading.Thread(target=tap) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return statuses


def test_concurrent_mark_done_gives_no_500_and_one_row(app, client, db, synced, login_as):
    login_as("learner")
    statuses = _at_once(app, client, "/learn/lessons/demo-one/done", {}, "/learn/lessons/demo-one")
    assert statuses and all(s == 303 for s in statuses), statuses
    assert _count(db, LessonProgress) == 1


def test_concurrent_first_draft_save_gives_no_500_and_one_row(app, client, db, synced, login_as):
    login_as("learner")
    statuses = _at_once(app, client, "/learn/tasks/demo-copy/draft", {"title": "脐橙", "body": "甜"},
                        "/learn/tasks/demo-copy")
    assert statuses and all(s < 400 for s in statuses), statuses
    assert _count(db, Draft) == 1


def test_concurrent_quiz_submits_store_one_attempt(app, client, db, synced, login_as):
    login_as("learner")
    statuses = _at_once(app, client, "/learn/tasks/demo-quiz/quiz", {"nonce": "tap", **RIGHT},
                        "/learn/tasks/demo-quiz")
    assert statuses and all(s == 303 for s in statuses), statuses
    assert _count(db, TaskAttempt) == 1


def test_losing_the_race_on_the_first_draft_updates_the_winners_row(client, db, synced, login_as, monkeypatch):
    """Deterministic: the other request's draft appears between our check and our insert."""
    user = login_as("learner")
    task = progress.get_active(progress.Task, "demo-copy")
    db.session.add(Draft(user_id=user.id, task_id=task.id, fields={"title": "", "body": "旧"}))
    db.session.commit()
    real, calls = progress.draft_for, []

    def racing_draft_for(actor, t):
        calls.append(1)
        return None if len(calls) == 1 else real(actor, t)

    monkeypatch.setattr(progress, "draft_for", racing_draft_for)
    draft = progress.do_save_draft(user, task, {"title": "新标题", "body": "新内容"})
    assert draft.fields == {"title": "新标题", "body": "新内容"}
    assert _count(db, Draft) == 1


def test_losing_the_race_on_mark_done_is_a_no_op(client, db, synced, login_as, monkeypatch):
    user = login_as("learner")
    lesson = progress.get_active(progress.Lesson, "demo-one")
    db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    db.session.commit()
    real = db.session.scalar
    state = {"first": True}

    def racing_scalar(stmt, *a, **kw):  # the first existence check misses the other request's row
        if state["first"] and "lesson_progress" in str(stmt):
            state["first"] = False
            return None
        return real(stmt, *a, **kw)

    monkeypatch.setattr(db.session, "scalar", racing_scalar)
    progress.do_complete_lesson(user, lesson)
    monkeypatch.undo()
    assert _count(db, LessonProgress) == 1
