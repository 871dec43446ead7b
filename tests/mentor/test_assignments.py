"""Mentors assign tasks with due dates to their group; learners of that group see them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.clock import local_today
from lms.models import Assignment, Role
from lms.services import assignments, placement
from tests.conftest import (
    api_headers,
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)
from tests.helpers import RIGHT, form_post, mini_group

QUIZ, COPY, REPLY = "A small quiz", "Write an orange listing", "Reply to a complaint"


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def group(app, db):
    """The small catalog, a mentor's group with one learner, and a learner of another group."""
    mentor, cohort, tasks = mini_group()
    return {"mentor": mentor, "cohort": cohort, "learner": make_learner(cohort),
            "outsider": make_learner(), "tasks": tasks}


def day(offset: int) -> str:
    return (local_today() + timedelta(days=offset)).isoformat()


def browser_for(app, user):
    """A second signed-in phone, in English."""
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert sign_in(other, user).status_code == 303
    return other


def assign(client, cohort, **data):
    return form_post(client, f"/cohorts/{cohort.id}/assignments", data, f"/cohorts/{cohort.id}")


def assigned_section(html: str) -> str:
    match = re.search(r'<section class="card" id="assigned">(.*?)</section>', html, re.DOTALL)
    return match.group(1) if match else ""


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment))


def test_mentor_assigns_and_only_that_groups_learners_see_it(app, client, db, group):
    sign_in(client, group["mentor"])
    page = client.get(f"/cohorts/{group['cohort'].id}").get_data(as_text=True)
    assert "Assignments" in page and "Nothing assigned yet" in page
    assert f'<input type="checkbox" name="task" value="{group["tasks"]["demo-quiz"].id}">' in page
    r = assign(client, group["cohort"], task=group["tasks"]["demo-quiz"].id, due=day(3), note="先做这个")
    assert r.status_code == 303
    page = client.get(f"/cohorts/{group['cohort'].id}").get_data(as_text=True)
    assert f"Assigned: due {day(3)}." in page and QUIZ in page and "先做这个" in page
    assert "0 of 1 learners passed, 0 tried" in page

    home = browser_for(app, group["learner"]).get("/learn/").get_data(as_text=True)
    section = assigned_section(home)
    assert "Assigned to you" in home and QUIZ in section
    assert f"due {day(3)}" in section and "not started" in section
    assert 'href="/learn/tasks/demo-quiz"' in section
    brief = browser_for(app, group["learner"]).get("/learn/tasks/demo-quiz").get_data(as_text=True)
    assert f"Due {day(3)}" in brief

    stranger = browser_for(app, group["outsider"])
    assert "Assigned to you" not in stranger.get("/learn/").get_data(as_text=True)
    assert "Due " not in stranger.get("/learn/tasks/demo-quiz").get_data(as_text=True)


def test_overdue_first_passed_last_and_status_follows_the_work(app, db, group):
    tasks, cohort, mentor = group["tasks"], group["cohort"], group["mentor"]
    quiz = assignments.do_assign(mentor, cohort, tasks["demo-quiz"].id, day(0))
    copy = assignments.do_assign(mentor, cohort, tasks["demo-copy"].id, day(0))
    assignments.do_assign(mentor, cohort, tasks["demo-reply"].id, day(1))
    quiz.due_on = local_today() - timedelta(days=3)   # due days that have passed since
    copy.due_on = local_today() - timedelta(days=1)
    db.session.commit()
    learner = browser_for(app, group["learner"])

    def items() -> list[str]:
        section = assigned_section(learner.get("/learn/").get_data(as_text=True))
        return section.split("<li>")[1:]

    def titles() -> list[str]:
        return [next(t for t in (COPY, REPLY, QUIZ) if t in item) for item in items()]

    assert titles() == [QUIZ, COPY, REPLY]
    assert ["overdue" in i for i in items()] == [True, True, False]
    assert all("not started" in i for i in items())

    r = form_post(learner, "/learn/tasks/demo-quiz/quiz", {"nonce": "a-1", **RIGHT}, "/learn/tasks/demo-quiz")
    assert "Passed" in learner.get(r.location).get_data(as_text=True)
    form_post(learner, "/learn/tasks/demo-reply/draft", {"reply": "抱歉"}, "/learn/tasks/demo-reply")
    assert titles() == [COPY, REPLY, QUIZ]   # a pass goes last, however late it was due
    copy_item, reply_item, quiz_item = items()
    assert "not started" in copy_item and "overdue" in copy_item
    assert "in progress" in reply_item and "overdue" not in reply_item
    assert "passed" in quiz_item and "overdue" not in quiz_item

    mentor_page = app.test_client()
    sign_in(mentor_page, mentor)
    mentor_page.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = mentor_page.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "1 of 1 learners passed, 1 tried" in page and "past due" in page


def test_a_late_pass_is_no_longer_overdue(app, db, group):
    a = assignments.do_assign(group["mentor"], group["cohort"], group["tasks"]["demo-quiz"].id, day(0))
    a.due_on = local_today() - timedelta(days=1)
    db.session.commit()
    learner = browser_for(app, group["learner"])
    assert "overdue" in assigned_section(learner.get("/learn/").get_data(as_text=True))
    form_post(learner, "/learn/tasks/demo-quiz/quiz", {"nonce": "late", **RIGHT}, "/learn/tasks/demo-quiz")
    section = assigned_section(learner.get("/learn/").get_data(as_text=True))
    assert "overdue" not in section and "passed" in section


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"task": "", "due": "+3"}, 400, "Please choose a task or a lesson."),
    ({"task": "999999", "due": "+3"}, 400, "There is no such task."),
    ({"task": "abc", "due": "+3"}, 400, "There is no such task."),
    ({"task": "quiz", "due": ""}, 400, "Please choose a due date."),
    ({"task": "quiz", "due": "-1"}, 400, "The due date cannot be in the past."),
    ({"task": "quiz", "due": "31/12/2030"}, 400, "year-month-day"),
    ({"task": "quiz", "due": "2030-13-01"}, 400, "year-month-day"),
    ({"task": "quiz", "due": "+3", "note": "字" * 201}, 400, "The note is too long (at most 200 characters)."),
])
def test_bad_assign_input_is_explained_and_stores_nothing(client, db, group, data, status, message):
    data = dict(data)
    if data["task"] == "quiz":
        data["task"] = group["tasks"]["demo-quiz"].id
    if data["due"][:1] in "+-" and data["due"]:
        data["due"] = day(int(data["due"]))
    learner_id = group["learner"].id
    sign_in(client, group["mentor"])
    r = assign(client, group["cohort"], **data)
    html = r.get_data(as_text=True)
    assert r.status_code == status and message in html
    # the whole page is still there: who needs help, enrol form
    assert f'/learners/{learner_id}"' in html and "Add a learner who cannot register" in html
    assert count(db) == 0


def test_assigning_the_same_task_twice_is_a_clear_conflict(client, db, group):
    sign_in(client, group["mentor"])
    quiz = group["tasks"]["demo-quiz"].id
    assert assign(client, group["cohort"], task=quiz, due=day(2)).status_code == 303
    again = assign(client, group["cohort"], task=quiz, due=day(9))
    assert again.status_code == 409
    assert f"already assigned to the group (due {day(2)})" in again.get_data(as_text=True)
    assert count(db) == 1


def test_other_groups_mentor_learners_and_forged_forms_cannot_assign(app, client, db, group):
    quiz = group["tasks"]["demo-quiz"].id
    other = make_user(Role.MENTOR, org=make_org())
    make_cohort(other.org, staff=other)
    sign_in(client, other)
    r = form_post(client, f"/cohorts/{group['cohort'].id}/assignments", {"task": quiz, "due": day(2)},
                  "/mentor/")
    assert r.status_code == 404

    learner = browser_for(app, group["learner"])
    r = form_post(learner, f"/cohorts/{group['cohort'].id}/assignments", {"task": quiz, "due": day(2)},
                  "/learn/")
    assert r.status_code == 403

    mentor = browser_for(app, group["mentor"])
    no_csrf = mentor.post(f"/cohorts/{group['cohort'].id}/assignments", data={"task": quiz, "due": day(2)})
    assert no_csrf.status_code in (303, 400)
    assert count(db) == 0


def test_change_the_due_date_and_remove(app, client, db, group):
    cohort = group["cohort"]
    a = assignments.do_assign(group["mentor"], cohort, group["tasks"]["demo-copy"].id, day(2))
    sign_in(client, group["mentor"])
    base = f"/cohorts/{cohort.id}/assignments/{a.id}"
    r = form_post(client, f"{base}/due", {"due": day(10)}, f"/cohorts/{cohort.id}")
    assert r.status_code == 303
    db.session.refresh(a)
    assert a.due_on.isoformat() == day(10)
    past = form_post(client, f"{base}/due", {"due": day(-3)}, f"/cohorts/{cohort.id}")
    assert past.status_code == 400 and "cannot be in the past" in past.get_data(as_text=True)
    bad = form_post(client, f"{base}/due", {"due": "soon"}, f"/cohorts/{cohort.id}")
    assert bad.status_code == 400 and "year-month-day" in bad.get_data(as_text=True)
    db.session.refresh(a)
    assert a.due_on.isoformat() == day(10)
    learner = browser_for(app, group["learner"])
    assert f"due {day(10)}" in assigned_section(learner.get("/learn/").get_data(as_text=True))

    r = form_post(client, f"{base}/delete", {"confirm": "yes"}, f"/cohorts/{cohort.id}")
    assert r.status_code == 303 and count(db) == 0
    assert "Assigned to you" not in learner.get("/learn/").get_data(as_text=True)
    assert form_post(client, f"{base}/delete", {"confirm": "yes"}, f"/cohorts/{cohort.id}").status_code == 404


def test_an_assignment_can_only_be_changed_through_its_own_group(client, db, group):
    other = make_user(Role.MENTOR, org=make_org())
    foreign_cohort = make_cohort(other.org, staff=other)
    foreign = assignments.do_assign(other, foreign_cohort, group["tasks"]["demo-quiz"].id, day(4))
    sign_in(client, group["mentor"])
    own = group["cohort"].id
    for action, data in (("due", {"due": day(8)}), ("delete", {})):
        r = form_post(client, f"/cohorts/{own}/assignments/{foreign.id}/{action}", data, f"/cohorts/{own}")
        assert r.status_code == 404
    db.session.refresh(foreign)
    assert foreign.due_on.isoformat() == day(4)


def test_a_task_from_another_track_is_listed_for_the_learner(app, db, group):
    learner = group["learner"]
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "livestream")
    assignments.do_assign(group["mentor"], group["cohort"], group["tasks"]["demo-reply"].id, day(6))
    client = app.test_client()
    items = client.get("/api/v1/tasks", headers=api_headers(client, learner)).json
    assert [(t["slug"], t["due_at"]) for t in items] == [("demo-reply", day(6))]


def test_teacher_of_the_school_assigns_to_a_class(client, db, group):
    school = make_org()
    teacher = make_user(Role.TEACHER, org=school)
    school_class = make_cohort(school)     # seen through the school, not a membership
    sign_in(client, teacher)
    r = assign(client, school_class, task=group["tasks"]["demo-copy"].id, due=day(1))
    assert r.status_code == 303 and count(db) == 1
    assert csrf_token(client, f"/cohorts/{school_class.id}")
