"""Assignments over the JSON API: due_at in the learner's task list, staff create and list."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.clock import local_today
from tests.conftest import api_headers, make_cohort, make_learner, make_org
from tests.helpers import mini_group


@pytest.fixture
def group(app, db):
    mentor, cohort, tasks = mini_group()
    return mentor, cohort, make_learner(cohort), {slug: t.id for slug, t in tasks.items()}


def day(offset: int) -> str:
    return (local_today() + timedelta(days=offset)).isoformat()


def test_mentor_assigns_over_the_api_and_the_learner_sees_due_at(client, group):
    mentor, cohort, learner, tasks = group
    auth = api_headers(client, mentor)
    r = client.post("/api/v1/assignments", headers=auth,
                    json={"task_id": tasks["demo-copy"], "cohort_id": cohort.id, "due_at": day(4)})
    assert r.status_code == 201
    assert r.json | {"id": 0} == {"id": 0, "cohort_id": cohort.id, "task_id": tasks["demo-copy"],
                                  "lesson_id": None, "slug": "demo-copy", "kind": "copy", "title": "写脐橙详情",
                                  "due_at": day(4), "note": "", "learners_passed": 0,
                                  "learners_attempted": 0}
    listed = client.get(f"/api/v1/cohorts/{cohort.id}/assignments", headers=auth).json
    assert [a["slug"] for a in listed] == ["demo-copy"]
    mine = client.get("/api/v1/tasks", headers=api_headers(client, learner)).json
    due = {t["slug"]: t["due_at"] for t in mine}
    assert due == {"demo-quiz": None, "demo-copy": day(4), "demo-reply": None}
    assert all(set(t) == {"id", "slug", "kind", "title", "track", "course", "due_at"} for t in mine)


def test_api_refuses_bad_assignments_with_json_errors(client, db, group):
    mentor, cohort, _learner, tasks = group
    auth = api_headers(client, mentor)
    foreign = make_cohort(make_org())
    cases = [
        ({"task_id": tasks["demo-quiz"], "cohort_id": cohort.id, "due_at": day(-1)}, 400, "invalid"),
        ({"task_id": tasks["demo-quiz"], "cohort_id": cohort.id, "due_at": "tomorrow"}, 400, "invalid"),
        ({"task_id": 99999, "cohort_id": cohort.id, "due_at": day(1)}, 400, "invalid"),
        ({"task_id": tasks["demo-quiz"], "cohort_id": "x", "due_at": day(1)}, 400, "bad_request"),
        ({"task_id": tasks["demo-quiz"], "cohort_id": foreign.id, "due_at": day(1)}, 404, "not_found"),
        ({"task_id": tasks["demo-quiz"], "usernames": ["nobody"], "due_at": day(1)}, 400, "unknown_learners"),
        ({"task_id": tasks["demo-quiz"], "cohort_id": cohort.id, "usernames": [], "due_at": day(1)}, 400,
         "bad_request"),
    ]
    for body, status, code in cases:
        r = client.post("/api/v1/assignments", headers=auth, json=body)
        assert (r.status_code, r.json["error"]["code"]) == (status, code), body
    ok = {"task_id": tasks["demo-quiz"], "cohort_id": cohort.id, "due_at": day(1)}
    assert client.post("/api/v1/assignments", headers=auth, json=ok).status_code == 201
    dup = client.post("/api/v1/assignments", headers=auth, json=ok)
    assert dup.status_code == 409 and dup.json["error"]["code"] == "conflict"
    assert client.get(f"/api/v1/cohorts/{foreign.id}/assignments", headers=auth).status_code == 404


def test_learners_cannot_assign_over_the_api(client, group):
    _mentor, cohort, learner, tasks = group
    r = client.post("/api/v1/assignments", headers=api_headers(client, learner),
                    json={"task_id": tasks["demo-quiz"], "cohort_id": cohort.id, "due_at": day(1)})
    assert r.status_code == 403


@pytest.mark.parametrize("sent, offset_days", [
    ("{d}T18:00:00+08:00", 3),              # an evening in China: that day
    ("{d}T23:30:00+08:00", 3),
    ("{d}T16:30:00Z", 4),                   # 00:30 the next day in Shanghai
    ("{d}T15:59:59Z", 3),                   # 23:59:59 in Shanghai: still that day
    ("{d}T10:00:00.000+00:00", 3),
])
def test_due_at_takes_an_iso_date_time_with_an_offset_on_its_shanghai_day(client, group, sent, offset_days):
    mentor, cohort, _learner, tasks = group
    auth = api_headers(client, mentor)
    body = {"task_id": tasks["demo-copy"], "cohort_id": cohort.id, "due_at": sent.format(d=day(3))}
    r = client.post("/api/v1/assignments", headers=auth, json=body)
    assert r.status_code == 201, r.json
    assert r.json["due_at"] == day(offset_days)


@pytest.mark.parametrize("sent", ["{d}T18:00:00", "{d}T25:00:00+08:00", "{d} 18:00+08:00junk", "x" * 5000, 20261231])
def test_due_at_refuses_date_times_without_an_offset_and_junk(client, group, sent):
    mentor, cohort, _learner, tasks = group
    auth = api_headers(client, mentor)
    due = sent.format(d=day(3)) if isinstance(sent, str) else sent
    r = client.post("/api/v1/assignments", headers=auth,
                    json={"task_id": tasks["demo-copy"], "cohort_id": cohort.id, "due_at": due})
    assert r.status_code == 400 and r.json["error"]["code"] == "invalid"
