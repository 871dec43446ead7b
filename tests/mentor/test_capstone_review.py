"""Capstone tasks (`mentor_review: true` in the content): every submission reaches the learner's
mentor, even a clean pass; the learner is told so on the task page."""

from __future__ import annotations

from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import Role, TaskAttempt
from lms.services.catalog import sync_catalog
from tests.conftest import api_headers, make_cohort, make_learner, make_org, make_user, sign_in
from tests.helpers import GOOD_COPY, review, submit


def capstone_village(app, client, mini_root, mentor_review: bool):
    path = mini_root / "basic" / "demo" / "tasks" / "demo-copy.yaml"
    if mentor_review:
        path.write_text(path.read_text().replace("pass_score: 70\n", "pass_score: 70\nmentor_review: true\n"))
    sync_catalog(load_catalog(mini_root))
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    learner = make_learner(make_cohort(org, staff=mentor))
    writer = app.test_client()
    writer.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(writer, learner).status_code == 303
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return mentor, learner, writer


def test_a_passing_capstone_still_waits_for_the_mentor(app, client, mini_root):
    mentor, _learner, writer = capstone_village(app, client, mini_root, mentor_review=True)
    assert "这个任务的每次提交，导师都会看" in writer.get("/learn/tasks/demo-copy").get_data(as_text=True)
    assert submit(writer, "demo-copy", GOOD_COPY).status_code == 303
    attempt = db.session.scalar(select(TaskAttempt))
    assert attempt.passed and attempt.needs_review               # a clean pass, and still queued
    queue = client.get("/reviews").get_data(as_text=True)
    assert f"/reviews/{attempt.id}" in queue and "结业作品：每次提交都由你来看" in queue
    [item] = client.get("/api/v1/reviews", headers=api_headers(client, mentor)).get_json()
    assert item["submission_id"] == attempt.id and item["reason"] == "mentor_review"
    assert review(client, attempt, comment="产地写清楚了，很好。").status_code == 303
    assert f"/reviews/{attempt.id}" not in client.get("/reviews").get_data(as_text=True)


def test_an_ordinary_task_that_passes_cleanly_does_not_wait(app, client, mini_root):
    _mentor, _learner, writer = capstone_village(app, client, mini_root, mentor_review=False)
    assert "导师都会看" not in writer.get("/learn/tasks/demo-copy").get_data(as_text=True)
    assert submit(writer, "demo-copy", GOOD_COPY).status_code == 303
    attempt = db.session.scalar(select(TaskAttempt))
    assert attempt.passed and not attempt.needs_review
    assert f"/reviews/{attempt.id}" not in client.get("/reviews").get_data(as_text=True)
