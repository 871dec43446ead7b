"""The model answer of a task opens after a pass or after three attempts, not before."""

from __future__ import annotations

from itertools import count

from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import Task, TaskAttempt
from lms.services.catalog import sync_catalog

HIDDEN = "opens after you pass or after three attempts"
COPY_EXEMPLAR, REPLY_EXEMPLAR = "现摘现发", "非常抱歉让您收到坏果"
_nonce = count(1)


def attempt(user, slug: str, *, passed: bool, version=None) -> None:
    """Store a graded attempt the way the submission pipeline does: on a task version."""
    task = db.session.scalar(select(Task).where(Task.slug == slug))
    db.session.add(TaskAttempt(user_id=user.id, task_version_id=(version or task.current).id,
                               nonce=f"x-{next(_nonce)}", answers={}, score=90 if passed else 30,
                               passed=passed))
    db.session.commit()


def page(client, slug: str) -> str:
    return client.get(f"/learn/tasks/{slug}").get_data(as_text=True)


def test_exemplar_hidden_before_any_attempt(client, synced, login_as):
    login_as("learner")
    for slug, exemplar in (("demo-copy", COPY_EXEMPLAR), ("demo-reply", REPLY_EXEMPLAR)):
        html = page(client, slug)
        assert HIDDEN in html and exemplar not in html


def test_exemplar_shown_after_a_pass(client, synced, login_as):
    learner = login_as("learner")
    attempt(learner, "demo-copy", passed=False)
    assert COPY_EXEMPLAR not in page(client, "demo-copy")
    attempt(learner, "demo-copy", passed=True)
    html = page(client, "demo-copy")
    assert COPY_EXEMPLAR in html and HIDDEN not in html
    assert "赣南脐橙 信丰产地直发 5斤装" in html          # the exemplar's title too
    assert REPLY_EXEMPLAR not in page(client, "demo-reply")   # only for the task passed


def test_exemplar_shown_after_three_failed_attempts_not_two(client, synced, login_as):
    learner = login_as("learner")
    for _ in range(2):
        attempt(learner, "demo-reply", passed=False)
    html = page(client, "demo-reply")
    assert HIDDEN in html and REPLY_EXEMPLAR not in html
    attempt(learner, "demo-reply", passed=False)
    html = page(client, "demo-reply")
    assert REPLY_EXEMPLAR in html and HIDDEN not in html


def test_attempts_on_an_older_version_still_count(client, synced, mini_root, login_as):
    learner = login_as("learner")
    task = db.session.scalar(select(Task).where(Task.slug == "demo-copy"))
    first = task.current
    attempt(learner, "demo-copy", passed=True, version=first)
    path = mini_root / "basic" / "demo" / "tasks" / "demo-copy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("给你家的脐橙", "给你家的新脐橙"),
                    encoding="utf-8")
    sync_catalog(load_catalog(mini_root))
    db.session.refresh(task)
    assert task.current.id != first.id
    assert COPY_EXEMPLAR in page(client, "demo-copy")


def test_another_learners_attempts_do_not_open_it(app, client, synced, login_as):
    from tests.conftest import make_learner

    login_as("learner")
    other = make_learner()
    attempt(other, "demo-copy", passed=True)
    assert COPY_EXEMPLAR not in page(client, "demo-copy")
