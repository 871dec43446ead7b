"""Lessons as assignments: a mentor gives the group (or one learner) a lesson to read by a day,
with a note; the learner sees it on the home page and the lesson page, it counts as done when
they mark the lesson done, and an unread lesson past its day makes the learner overdue on the
mentor's dashboard."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Lesson
from tests.conftest import (
    api_headers,
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)
from tests.helpers import form_post, mini_group

HOSTILE_NOTE = '<img src=x onerror=alert(1)> 周五前读完'


@pytest.fixture
def world(app, client):
    mentor, cohort, tasks = mini_group()
    first = make_learner(cohort, display_name="王秀英")
    second = make_learner(cohort, display_name="李四")
    lessons = {le.slug: le for le in db.session.scalars(select(Lesson))}
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return {"mentor": mentor, "cohort": cohort, "tasks": tasks, "lessons": lessons, "first": first,
            "second": second, "page": f"/cohorts/{cohort.id}"}


def day(n: int) -> str:
    return (local_today() + timedelta(days=n)).isoformat()


def post(client, world, data: dict, page: str | None = None):
    page = page or world["page"]
    return client.post(f"{page}/assignments", data={"csrf_token": csrf_token(client, page), **data})


def rows() -> list[tuple]:
    """(cohort_id, learner_id, task_id, lesson_id, due, note) of every assignment."""
    return sorted(db.session.execute(select(
        Assignment.cohort_id, Assignment.learner_id, Assignment.task_id, Assignment.lesson_id,
        Assignment.due_on, Assignment.note)).all(), key=str)


def learner_client(app, user, lang="zh-CN"):
    c = app.test_client()
    c.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    assert sign_in(c, user).status_code == 303
    return c


def assigned_section(html: str) -> str:
    start = html.index('id="assigned"')
    return html[start:html.index("</section>", start)]


def test_a_lesson_for_the_group_reaches_the_learners_home_and_lesson_page_and_counts_when_read(
        app, client, world):
    lesson = world["lessons"]["demo-two"]
    r = post(client, world, {"lesson": [str(lesson.id)], "due": day(3), "note": HOSTILE_NOTE})
    assert r.status_code == 303
    assert rows() == [(world["cohort"].id, None, None, lesson.id, local_today() + timedelta(days=3), HOSTILE_NOTE)]
    page = client.get(world["page"]).get_data(as_text=True)
    assert f"截止 {day(3)}" in page
    assert "2 名学员中 0 人已学完" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; 周五前读完" in page

    learner = learner_client(app, world["first"])
    home = assigned_section(learner.get("/learn/").get_data(as_text=True))
    assert 'href="/learn/lessons/demo-two"' in home and "示例课 two" in home
    assert f"截止 {day(3)}" in home and "还没学" in home
    assert "<img src=x" not in home and "&lt;img src=x onerror=alert(1)&gt; 周五前读完" in home
    lesson_page = learner.get("/learn/lessons/demo-two").get_data(as_text=True)
    assert f"截止日期 {day(3)}" in lesson_page and "&lt;img src=x onerror=alert(1)&gt; 周五前读完" in lesson_page
    assert "<img src=x" not in lesson_page
    assert "截止" not in learner.get("/learn/lessons/demo-one").get_data(as_text=True)   # not assigned

    form_post(learner, "/learn/lessons/demo-two/done", {"go": "stay"}, "/learn/lessons/demo-two")
    home = assigned_section(learner.get("/learn/").get_data(as_text=True))
    assert "已学完" in home and "还没学" not in home
    assert "2 名学员中 1 人已学完" in client.get(world["page"]).get_data(as_text=True)


def test_in_english_the_learner_sees_the_lesson_and_the_mentor_the_count(app, client, world):
    lesson = world["lessons"]["demo-one"]
    assert post(client, world, {"lesson": [str(lesson.id)], "due": day(2)}).status_code == 303
    learner = learner_client(app, world["second"], "en")
    home = assigned_section(learner.get("/learn/").get_data(as_text=True))
    assert "Demo lesson one" in home and "Lesson" in home and "not read yet" in home
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "0 of 2 learners marked it done" in client.get(world["page"]).get_data(as_text=True)


def test_tasks_and_lessons_in_one_form_are_all_or_nothing(client, world):
    quiz, one, two = world["tasks"]["demo-quiz"], world["lessons"]["demo-one"], world["lessons"]["demo-two"]
    two.is_active = False   # retired by a catalog sync while the form was open
    db.session.commit()
    r = post(client, world, {"task": [str(quiz.id)], "lesson": [str(one.id), str(two.id)], "due": day(3)})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "选中的任务或课里有一个已经不在课程里了" in html
    assert f'name="lesson" value="{one.id}" checked' in html and f'name="task" value="{quiz.id}" checked' in html
    assert rows() == []

    two.is_active = True
    db.session.commit()
    r = post(client, world, {"task": [str(quiz.id)], "lesson": [str(one.id), str(two.id)], "due": day(3)})
    assert r.status_code == 303
    assert {(t, le) for _c, _l, t, le, _d, _n in rows()} == {(quiz.id, None), (None, one.id), (None, two.id)}
    assert f"已给小组布置 3 项任务和课，截止 {day(3)}。" in client.get(world["page"]).get_data(as_text=True)


@pytest.mark.parametrize("bad", ["", "abc", "987654", "-1", "99999999999999999999999"])
def test_a_bad_lesson_id_saves_nothing_and_says_why(client, world, bad):
    r = post(client, world, {"lesson": [bad], "due": day(3)})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert ("请选择一个任务或一节课。" if bad == "" else "没有这节课，请从列表里选择。") in html
    assert rows() == []


def test_the_same_lesson_form_twice_or_two_at_once_assigns_once(app, client, world):
    lesson = world["lessons"]["demo-one"]
    data = {"lesson": [str(lesson.id)], "due": day(5), "note": "读完"}
    assert post(client, world, data).status_code == 303
    again = post(client, world, data)
    assert again.status_code == 303
    assert "已经按你的要求布置好了，没有再改动。" in client.get(world["page"]).get_data(as_text=True)
    assert len(rows()) == 1

    db.session.execute(Assignment.__table__.delete())
    db.session.commit()
    clients = [app.test_client() for _ in range(2)]      # two sessions, as two phones would be
    tokens = []
    for c in clients:
        assert sign_in(c, world["mentor"]).status_code == 303
        tokens.append(csrf_token(c, world["page"]))
    start, codes = threading.Barrier(2), []

    def send(c, token):
        start.wait()
        codes.append(c.post(f"{world['page']}/assignments", data={"csrf_token": token, **data}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [303, 303]                       # one did it, the other found it done
    assert len(rows()) == 1


def test_a_lesson_for_chosen_learners_only_and_more_time_for_one(app, client, world):
    lesson = world["lessons"]["demo-two"]
    third = make_learner(world["cohort"], display_name="赵六")
    r = post(client, world, {"lesson": [str(lesson.id)], "due": day(1), "learner": [str(world["first"].id)]})
    assert r.status_code == 303
    assert rows() == [(None, world["first"].id, None, lesson.id, local_today() + timedelta(days=1), "")]
    assert "示例课 two" not in learner_client(app, third).get("/learn/").get_data(as_text=True)

    # the group gets the lesson due tomorrow; the mentor gives 李四 a week on the learner page
    db.session.execute(Assignment.__table__.delete())
    db.session.commit()
    assert post(client, world, {"lesson": [str(lesson.id)], "due": day(1)}).status_code == 303
    page = f"{world['page']}/learners/{world['second'].id}"
    learner_page = client.get(page).get_data(as_text=True)
    assert f'name="lesson" value="{lesson.id}">' in learner_page[learner_page.index("more-time"):]
    r = client.post(f"{page}/more-time", data={"csrf_token": csrf_token(client, page),
                                               "lesson": str(lesson.id), "due": day(7)})
    assert r.status_code == 303
    second = learner_client(app, world["second"])
    assert f"截止日期 {day(7)}" in second.get("/learn/lessons/demo-two").get_data(as_text=True)
    assert f"截止日期 {day(1)}" in learner_client(app, world["first"]).get("/learn/lessons/demo-two").get_data(
        as_text=True)


def test_an_unread_lesson_past_its_day_puts_the_learner_on_top_of_the_dashboard(app, client, world):
    lesson = world["lessons"]["demo-one"]
    db.session.add(Assignment(cohort_id=world["cohort"].id, lesson_id=lesson.id, due_on=local_today() - timedelta(days=1),
                              created_by_id=world["mentor"].id))
    db.session.commit()
    page = client.get(world["page"]).get_data(as_text=True)
    assert "2 项逾期（任务和课）" not in page
    assert "逾期作业：1 项" in page and "1 项逾期（任务和课）" in page
    learner = learner_client(app, world["first"])
    home = assigned_section(learner.get("/learn/").get_data(as_text=True))
    assert "已逾期" in home
    progress = client.get(f"/api/v1/cohorts/{world['cohort'].id}/progress",
                          headers=api_headers(client, world["mentor"])).json["learners"]
    assert {p["overdue"] for p in progress} == {1}

    form_post(learner, "/learn/lessons/demo-one/done", {"go": "stay"}, "/learn/lessons/demo-one")
    progress = client.get(f"/api/v1/cohorts/{world['cohort'].id}/progress",
                          headers=api_headers(client, world["mentor"])).json["learners"]
    assert sorted(p["overdue"] for p in progress) == [0, 1]
    assert "逾期" not in assigned_section(learner.get("/learn/").get_data(as_text=True))


def test_taking_a_lesson_back_asks_first_and_the_learner_no_longer_sees_it(app, client, world):
    lesson = world["lessons"]["demo-two"]
    assert post(client, world, {"lesson": [str(lesson.id)], "due": day(3)}).status_code == 303
    (assignment,) = db.session.scalars(select(Assignment)).all()
    url = f"{world['page']}/assignments/{assignment.id}/delete"
    confirm = client.get(url).get_data(as_text=True)
    assert "示例课 two" in confirm and "不再看到这节布置给他们的课" in confirm
    form_post(client, url, {"confirm": "yes"}, url)
    assert rows() == []
    assert 'id="assigned"' not in learner_client(app, world["first"]).get("/learn/").get_data(as_text=True)


def test_the_api_assigns_lessons_and_refuses_bad_ones(client, world):
    auth = api_headers(client, world["mentor"])
    one, two = world["lessons"]["demo-one"], world["lessons"]["demo-two"]
    r = client.post("/api/v1/assignments", headers=auth,
                    json={"lesson_ids": [one.id, two.id], "cohort_id": world["cohort"].id, "due_at": day(2)})
    assert r.status_code == 201
    made = r.json["assignments"]
    assert [(a["kind"], a["lesson_id"], a["task_id"], a["slug"]) for a in made] == [
        ("lesson", one.id, None, "demo-one"), ("lesson", two.id, None, "demo-two")]
    assert all(a["learners_passed"] == 0 and a["due_at"] == day(2) for a in made)
    listed = client.get(f"/api/v1/cohorts/{world['cohort'].id}/assignments", headers=auth).json
    assert {a["slug"] for a in listed} == {"demo-one", "demo-two"}

    quiz = world["tasks"]["demo-quiz"]
    r = client.post("/api/v1/assignments", headers=auth, json={
        "task_id": quiz.id, "lesson_id": one.id, "usernames": [world["first"].login_name], "due_at": day(4)})
    assert r.status_code == 201
    assert [(a["kind"], a["username"]) for a in r.json["assignments"]] == [
        ("quiz", world["first"].login_name), ("lesson", world["first"].login_name)]

    foreign = make_cohort(make_org())
    for body, status, code in [
        ({"lesson_id": 987654, "cohort_id": world["cohort"].id, "due_at": day(1)}, 400, "invalid"),
        ({"lesson_id": "x", "cohort_id": world["cohort"].id, "due_at": day(1)}, 400, "invalid"),
        ({"lesson_id": one.id, "lesson_ids": [two.id], "cohort_id": world["cohort"].id, "due_at": day(1)},
         400, "bad_request"),
        ({"lesson_ids": [], "cohort_id": world["cohort"].id, "due_at": day(1)}, 400, "bad_request"),
        ({"lesson_ids": "1,2", "cohort_id": world["cohort"].id, "due_at": day(1)}, 400, "bad_request"),
        ({"lesson_ids": [one.id], "cohort_id": foreign.id, "due_at": day(1)}, 404, "not_found"),
        ({"lesson_ids": [one.id], "cohort_id": world["cohort"].id, "due_at": day(1)}, 409, "conflict"),
    ]:
        r = client.post("/api/v1/assignments", headers=auth, json=body)
        assert (r.status_code, r.json["error"]["code"]) == (status, code), body
    learner = make_user(org=world["cohort"].org)
    r = client.post("/api/v1/assignments", headers=api_headers(client, learner),
                    json={"lesson_ids": [one.id], "cohort_id": world["cohort"].id, "due_at": day(1)})
    assert r.status_code == 403
