"""POST /api/v1/assignments with "usernames": personal assignments, all or nothing, and what
the learner then sees (task list, home, brief)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.clock import local_today
from lms.models import Assignment, OrgKind, Role, Task
from lms.services import assignments
from tests.conftest import api_headers, make_cohort, make_learner, make_org, make_user, sign_in
from tests.helpers import mini_group


@pytest.fixture
def group(app, db):
    """The small catalog; a mentor's group with two learners; a learner of another village."""
    mentor, cohort, tasks = mini_group()
    return {"mentor": mentor, "cohort": cohort, "anna": make_learner(cohort, username="anna"),
            "bobo": make_learner(cohort, username="bobo"), "outsider": make_learner(username="zedd"),
            "tasks": {slug: t.id for slug, t in tasks.items()}}


def day(offset: int) -> str:
    return (local_today() + timedelta(days=offset)).isoformat()


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment))


def post(client, user, body):
    return client.post("/api/v1/assignments", headers=api_headers(client, user), json=body)


def due_at(client, learner) -> dict[str, str | None]:
    items = client.get("/api/v1/tasks", headers=api_headers(client, learner)).json
    return {t["slug"]: t["due_at"] for t in items}


def test_mentor_assigns_to_single_learners_and_only_they_see_it(app, client, db, group):
    quiz = group["tasks"]["demo-quiz"]
    r = post(client, group["mentor"], {"task_id": quiz, "usernames": ["anna", " ANNA ", "anna"],
                                       "due_at": day(3), "note": "补做"})
    assert r.status_code == 201, r.json
    body = r.json
    assert body | {"assignments": []} == {"task_id": quiz, "slug": "demo-quiz", "kind": "quiz",
                                          "title": db.session.get(Task, quiz).title,
                                          "due_at": day(3), "note": "补做", "assignments": []}
    assert [a["username"] for a in body["assignments"]] == ["anna"]      # duplicates collapse
    stored = db.session.get(Assignment, body["assignments"][0]["id"])
    assert (stored.learner_id, stored.cohort_id, stored.task_id) == (group["anna"].id, None, quiz)
    assert due_at(client, group["anna"])["demo-quiz"] == day(3)
    assert due_at(client, group["bobo"])["demo-quiz"] is None

    ann = app.test_client()
    ann.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(ann, group["anna"])
    home = ann.get("/learn/").get_data(as_text=True)
    section = re.search(r'<section class="card" id="assigned">(.*?)</section>', home, re.DOTALL).group(1)
    assert f"due {day(3)}" in section and 'href="/learn/tasks/demo-quiz"' in section
    assert f"Due {day(3)}" in ann.get("/learn/tasks/demo-quiz").get_data(as_text=True)
    # the group's page lists group assignments only
    assert assignments.cohort_assignments(group["cohort"]) == []


def test_several_learners_at_once_in_the_order_given(client, db, group):
    r = post(client, group["mentor"], {"task_id": group["tasks"]["demo-copy"], "usernames": ["bobo", "anna"],
                                       "due_at": day(1)})
    assert r.status_code == 201
    assert [a["username"] for a in r.json["assignments"]] == ["bobo", "anna"]
    assert len({a["id"] for a in r.json["assignments"]}) == 2 and count(db) == 2


@pytest.mark.parametrize(("cohort_due", "personal_due", "shown"), [(5, 2, 2), (2, 9, 9)])
def test_a_personal_due_date_overrides_the_groups_for_that_learner_only(client, group, cohort_due, personal_due,
                                                                        shown):
    """Sooner or later: a personal assignment of a group's task is how a mentor gives one
    learner a different date (issue 10: extend a due date for one learner)."""
    reply = group["tasks"]["demo-reply"]
    mentor = group["mentor"]
    assert post(client, mentor, {"task_id": reply, "cohort_id": group["cohort"].id,
                                 "due_at": day(cohort_due)}).status_code == 201
    assert post(client, mentor, {"task_id": reply, "usernames": ["anna"],
                                 "due_at": day(personal_due)}).status_code == 201
    assert due_at(client, group["anna"])["demo-reply"] == day(shown)
    assert due_at(client, group["bobo"])["demo-reply"] == day(cohort_due)


def test_bad_requests_are_clear_json_errors_and_create_nothing(client, db, group):
    quiz = group["tasks"]["demo-quiz"]
    cases = [
        ({"usernames": []}, 400, "bad_request"),
        ({"usernames": "anna"}, 400, "bad_request"),
        ({"usernames": {"anna": 1}}, 400, "bad_request"),
        ({"usernames": ["anna", 7]}, 400, "bad_request"),
        ({"usernames": ["anna", None]}, 400, "bad_request"),
        ({"usernames": ["anna", "  "]}, 400, "bad_request"),
        ({"usernames": ["anna"] * 501}, 400, "bad_request"),
        ({"usernames": ["anna"], "cohort_id": group["cohort"].id}, 400, "bad_request"),
        ({}, 400, "bad_request"),
        ({"usernames": ["anna"], "due_at": day(-1)}, 400, "invalid"),
        ({"usernames": ["anna"], "task_id": 999999}, 400, "invalid"),
        ({"usernames": ["anna", "nobody"]}, 400, "unknown_learners"),
    ]
    for extra, status, code in cases:
        body = {"task_id": quiz, "due_at": day(2)} | extra
        r = post(client, group["mentor"], body)
        assert (r.status_code, r.json["error"]["code"]) == (status, code), extra
        assert r.json["error"]["message"]
    assert count(db) == 0
    many = post(client, group["mentor"], {"task_id": quiz, "due_at": day(2), "usernames": ["anna"] * 500})
    assert many.status_code == 201 and len(many.json["assignments"]) == 1   # 500 is allowed


def test_unknown_and_not_yours_look_the_same_and_are_named(client, db, group):
    other_mentor = make_user(Role.MENTOR, org=make_org())
    make_cohort(other_mentor.org, staff=other_mentor)
    body = {"task_id": group["tasks"]["demo-quiz"], "due_at": day(2)}
    r = post(client, group["mentor"], body | {"usernames": ["anna", "zedd", "ghost", other_mentor.username]})
    assert r.status_code == 400
    error = r.json["error"]
    assert error["code"] == "unknown_learners"
    assert error["usernames"] == ["zedd", "ghost", other_mentor.username]   # staff are not learners
    assert "zedd" in error["message"] and "ghost" in error["message"] and "anna" not in error["message"]
    one = post(client, group["mentor"], body | {"usernames": ["zedd"]}).json["error"]
    two = post(client, group["mentor"], body | {"usernames": ["ghost"]}).json["error"]
    assert one["message"].replace("zedd", "X") == two["message"].replace("ghost", "X")
    assert count(db) == 0


def test_assigning_the_same_task_to_a_learner_twice_is_a_conflict_naming_them(client, db, group):
    body = {"task_id": group["tasks"]["demo-quiz"], "due_at": day(2)}
    assert post(client, group["mentor"], body | {"usernames": ["anna"]}).status_code == 201
    r = post(client, group["mentor"], body | {"usernames": ["bobo", "anna"], "due_at": day(7)})
    assert r.status_code == 409 and r.json["error"]["code"] == "conflict"
    assert r.json["error"]["usernames"] == ["anna"] and "anna" in r.json["error"]["message"]
    assert count(db) == 1                      # bo was not assigned either: all or nothing
    assert due_at(client, group["anna"])["demo-quiz"] == day(2)


def test_who_may_assign_to_whom(client, db, group):
    body = {"task_id": group["tasks"]["demo-quiz"], "due_at": day(2)}
    school = make_org(OrgKind.SCHOOL)
    teacher = make_user(Role.TEACHER, org=school)
    pupil = make_learner(make_cohort(school), username="pupil")
    assert post(client, teacher, body | {"usernames": ["pupil"]}).status_code == 201
    assert post(client, teacher, body | {"usernames": ["anna"]}).json["error"]["code"] == "unknown_learners"
    assert post(client, group["mentor"], body | {"usernames": ["pupil"]}).status_code == 400
    admin = make_user(Role.ADMIN)
    assert post(client, admin, body | {"usernames": ["zedd", "bobo"]}).status_code == 201
    assert post(client, group["anna"], body | {"usernames": ["bobo"]}).status_code == 403
    assert count(db) == 3 and pupil.id
