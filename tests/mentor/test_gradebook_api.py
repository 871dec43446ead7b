"""GET /api/v1/cohorts/<id>/gradebook: the SPEC §3 JSON, `?format=csv` for the file, for staff
who can see the cohort; JSON errors otherwise; a fixed number of SQL statements."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta

import pytest

from lms.clock import local_today
from lms.extensions import db
from lms.models import AttemptStatus, Role, TaskAttempt
from lms.services import assignments
from tests.conftest import (
    api_headers,
    counting_statements,
    make_cohort,
    make_learner,
    make_org,
    make_user,
)
from tests.helpers import mini_group

_nonce = itertools.count()


@pytest.fixture
def group(app):
    return mini_group()


def attempt(user, task, score: int, status: str = AttemptStatus.DONE) -> None:
    db.session.add(TaskAttempt(user_id=user.id, task_version_id=task.current.id, nonce=f"a{next(_nonce)}",
                               answers={}, score=score, passed=score >= 60 and status == AttemptStatus.DONE,
                               status=status))
    db.session.commit()


def assign(mentor, cohort, task, days: int) -> None:
    a = assignments.do_assign(mentor, cohort, task.id, local_today())
    a.due_on = local_today() + timedelta(days=days)
    db.session.commit()


def test_the_json_is_the_spec_shape_with_one_cell_per_task(client, group):
    mentor, cohort, tasks = group
    quiz, copy = tasks["demo-quiz"], tasks["demo-copy"]
    anna = make_learner(cohort, username="anna", display_name="<b>安娜</b>")
    make_learner(cohort, username="bobo", display_name="=HYPERLINK(\"http://x\")")
    assign(mentor, cohort, quiz, -1)
    assign(mentor, cohort, copy, 2)
    attempt(anna, quiz, 30)
    attempt(anna, quiz, 70)
    attempt(anna, copy, 0, status=AttemptStatus.CRITIQUING)
    response = client.get(f"/api/v1/cohorts/{cohort.id}/gradebook", headers=api_headers(client, mentor))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert response.json == {
        "tasks": [{"id": quiz.id, "slug": "demo-quiz", "title": "小测验"},
                  {"id": copy.id, "slug": "demo-copy", "title": "写脐橙详情"}],
        "learners": [
            {"username": "anna", "display_name": "<b>安娜</b>", "cells": [
                {"task_id": quiz.id, "best_score": 70, "attempts": 2, "passed": True, "overdue": False},
                {"task_id": copy.id, "best_score": None, "attempts": 0, "passed": False, "overdue": False}]},
            {"username": "bobo", "display_name": "=HYPERLINK(\"http://x\")", "cells": [
                {"task_id": quiz.id, "best_score": None, "attempts": 0, "passed": False, "overdue": True},
                {"task_id": copy.id, "best_score": None, "attempts": 0, "passed": False, "overdue": False}]},
        ],
    }


def test_format_csv_sends_the_file(client, group):
    mentor, cohort, tasks = group
    make_learner(cohort, username="anna", display_name="@SUM(1)")
    assign(mentor, cohort, tasks["demo-quiz"], -1)
    headers = api_headers(client, mentor)
    response = client.get(f"/api/v1/cohorts/{cohort.id}/gradebook?format=csv", headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="gradebook-{cohort.id}-')
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["anna", "'@SUM(1)", "已逾期", "0", "1"]
    bad = client.get(f"/api/v1/cohorts/{cohort.id}/gradebook?format=xlsx", headers=headers)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_request"
    assert client.get(f"/api/v1/cohorts/{cohort.id}/gradebook?format=json", headers=headers).is_json


def test_only_staff_who_see_the_group_get_it(client, group):
    mentor, cohort, _tasks = group
    learner = make_learner(cohort)
    other_mentor = make_user(Role.MENTOR, org=make_org())
    make_cohort(other_mentor.org, staff=other_mentor)
    url = f"/api/v1/cohorts/{cohort.id}/gradebook"
    for tail in ("", "?format=csv"):
        anon = client.get(url + tail)
        assert anon.status_code == 401 and anon.is_json
        assert client.get(url + tail, headers=api_headers(client, learner)).status_code == 403
        foreign = client.get(url + tail, headers=api_headers(client, other_mentor))
        assert foreign.status_code == 404 and foreign.json["error"]["code"] == "not_found"
    headers = api_headers(client, mentor)
    for bad in ("999999", "9223372036854775808"):
        response = client.get(f"/api/v1/cohorts/{bad}/gradebook", headers=headers)
        assert response.status_code == 404 and response.is_json, bad


def test_the_same_number_of_queries_for_3_or_30_learners(client, group):
    mentor, cohort, tasks = group
    assign(mentor, cohort, tasks["demo-quiz"], -1)
    headers = api_headers(client, mentor)
    url = f"/api/v1/cohorts/{cohort.id}/gradebook"

    def statements_for(n: int) -> list[int]:
        while len(cohort.memberships) - 1 < n:
            learner = make_learner(cohort)
            attempt(learner, tasks["demo-quiz"], 50)
            attempt(learner, tasks["demo-copy"], 80)
            db.session.refresh(cohort)
        counts = []
        for tail in ("", "?format=csv"):
            client.get(url + tail, headers=headers)           # warm
            with counting_statements(db) as statements:
                response = client.get(url + tail, headers=headers)
            assert response.status_code == 200
            counts.append(len(statements))
        assert len(response.data.decode("utf-8-sig").splitlines()) == n + 1
        return counts

    assert statements_for(3) == statements_for(30)
