"""Several tasks in one go: the group page's form ticks tasks (a collapsed list per course) with
one due date and note, for the whole group or the ticked learners; all or nothing; the API
takes `task_ids` too."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Lesson, OrgKind, Role
from lms.services import assignments
from tests.conftest import (
    api_headers,
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)
from tests.helpers import mini_group

HOSTILE_NOTE = '<script>alert("x")</script> & 周五前'


@pytest.fixture
def world(app, client):
    mentor, cohort, tasks = mini_group()
    first = make_learner(cohort, display_name="王秀英")
    second = make_learner(cohort, display_name="李四")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return {"mentor": mentor, "cohort": cohort, "tasks": tasks, "first": first, "second": second,
            "page": f"/cohorts/{cohort.id}"}


def day(n: int) -> str:
    return (local_today() + timedelta(days=n)).isoformat()


def post(client, world, data: dict):
    page = world["page"]
    return client.post(f"{page}/assignments", data={"csrf_token": csrf_token(client, page), **data})


def rows() -> list[tuple]:
    """(cohort_id, learner_id, task_id, due, note) of every assignment."""
    return sorted(db.session.execute(select(Assignment.cohort_id, Assignment.learner_id, Assignment.task_id,
                                            Assignment.due_on, Assignment.note)).all(), key=str)


def checked(html: str) -> set[str]:
    """The values of the ticked task boxes on a page."""
    return set(re.findall(r'name="task" value="(\d+)" checked', html))


def test_the_form_lists_tasks_and_lessons_as_collapsed_ticks_grouped_by_course(client, world):
    html = client.get(world["page"]).get_data(as_text=True)
    form = html[html.index(f'action="/cohorts/{world["cohort"].id}/assignments#assign" id="assign"'):]
    form = form[:form.index("</form>")]
    assert "<select" not in form                                 # no giant multi-select
    assert '<legend>任务和课（可以勾选多个）</legend>' in form
    assert '<details class="choose all"><summary>从课程里选</summary>' in form    # closed
    assert '<p class="track muted">基础班</p>' in form
    assert '<details class="choose">\n          <summary>示例课</summary>' in form     # each course closed too
    for task in world["tasks"].values():
        assert f'<input type="checkbox" name="task" value="{task.id}">' in form
    lessons = db.session.scalars(select(Lesson)).all()
    assert lessons
    for lesson in lessons:
        assert f'<input type="checkbox" name="lesson" value="{lesson.id}">' in form


def test_several_tasks_to_the_whole_group_with_one_date_and_note(app, client, world):
    quiz, copy = world["tasks"]["demo-quiz"].id, world["tasks"]["demo-copy"].id
    r = post(client, world, {"task": [str(quiz), str(copy), str(quiz)], "due": day(4), "note": HOSTILE_NOTE})
    assert r.status_code == 303
    cohort = world["cohort"].id
    assert rows() == sorted([(cohort, None, quiz, local_today() + timedelta(days=4), HOSTILE_NOTE),
                             (cohort, None, copy, local_today() + timedelta(days=4), HOSTILE_NOTE)], key=str)
    page = client.get(world["page"]).get_data(as_text=True)
    assert f"已给小组布置 2 个任务，截止 {day(4)}。" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 周五前" in page

    learner = app.test_client()
    learner.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    sign_in(learner, world["first"])
    home = learner.get("/learn/").get_data(as_text=True)
    assert "<script>alert" not in home
    assert home.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 周五前") == 2   # with each task


def test_several_tasks_to_the_ticked_learners_only(client, world):
    tasks = world["tasks"]
    third = make_learner(world["cohort"])
    r = post(client, world, {"task": [tasks["demo-copy"].id, tasks["demo-reply"].id], "due": day(2),
                             "learner": [world["first"].id, world["second"].id]})
    assert r.status_code == 303
    given = {(learner, task) for _c, learner, task, _d, _n in rows()}
    assert given == {(u.id, t.id) for u in (world["first"], world["second"])
                     for t in (tasks["demo-copy"], tasks["demo-reply"])}
    assert third.id not in {learner for learner, _t in given}
    assert "已给 2 名学员布置 2 个任务" in client.get(world["page"]).get_data(as_text=True)


@pytest.mark.parametrize(("case", "status", "message"), [
    ("none", 400, "请选择一个任务或一节课。"),
    ("unknown", 400, "选中的任务里有一个已经不在课程里了"),
    ("not_a_number", 400, "选中的任务里有一个已经不在课程里了"),
    ("retired", 400, "选中的任务里有一个已经不在课程里了"),
    ("past", 400, "截止日期不能早于今天"),
    ("far", 400, "截止日期太远了，请选两年以内的日子。"),
    ("long_note", 400, "说明太长了（最多 200 个字）。"),
    ("stranger", 400, "不在这个小组"),
    ("too_many", 400, "一次最多布置 50 个任务"),
])
def test_a_bad_form_saves_nothing_keeps_the_ticks_and_says_why(client, world, case, status, message):
    tasks = world["tasks"]
    good = [str(tasks["demo-quiz"].id), str(tasks["demo-copy"].id)]
    data = {"task": good, "due": day(3), "learner": [str(world["first"].id)]}
    if case == "none":
        data["task"] = []
    elif case == "unknown":
        data["task"] = [*good, "987654"]
    elif case == "not_a_number":
        data["task"] = [*good, "1 OR 1=1"]
    elif case == "retired":
        tasks["demo-reply"].is_active = False
        db.session.commit()
        data["task"] = [*good, str(tasks["demo-reply"].id)]
    elif case == "past":
        data["due"] = day(-1)
    elif case == "far":          # a typo for this year's last day
        data["due"] = "9999-12-31"
    elif case == "long_note":    # sent past the box's maxlength
        data["note"] = "周五前" * 1700
    elif case == "stranger":     # a learner of another village's group, id typed into the form
        data["learner"].append(str(make_learner(make_cohort(make_org())).id))
    elif case == "too_many":
        data["task"] = [str(i) for i in range(1, 52)]
    r = post(client, world, data)
    html = r.get_data(as_text=True)
    assert r.status_code == status and message in html
    assert rows() == []
    if case == "long_note":
        assert f'value="{"周五前" * 1700}"' in html                       # what was typed comes back
    if case not in ("none", "too_many"):
        assert checked(html) >= set(good)                                 # the ticks are kept
        assert f'name="learner" value="{world["first"].id}" checked' in html
        assert '<details class="choose all" open>' in html              # and shown, not collapsed
        assert '<details class="choose" open>\n          <summary>示例课</summary>' in html


def test_one_task_already_assigned_means_none_of_them_is(client, world):
    tasks = world["tasks"]
    assignments.do_assign(world["mentor"], world["cohort"], tasks["demo-quiz"].id, day(2))
    r = post(client, world, {"task": [tasks["demo-quiz"].id, tasks["demo-copy"].id], "due": day(5)})
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and "这些任务已经布置过了：“小测验”" in html
    assert [t for _c, _l, t, _d, _n in rows()] == [tasks["demo-quiz"].id]
    assert checked(html) == {str(tasks["demo-quiz"].id), str(tasks["demo-copy"].id)}

    personal = post(client, world, {"task": [tasks["demo-copy"].id, tasks["demo-reply"].id], "due": day(5),
                                    "learner": [world["first"].id]})
    assert personal.status_code == 303
    again = post(client, world, {"task": [tasks["demo-reply"].id, tasks["demo-quiz"].id], "due": day(5),
                                 "learner": [world["first"].id, world["second"].id]})
    assert again.status_code == 409 and "其中有任务已经布置给：" in again.get_data(as_text=True)
    assert len(rows()) == 3                                            # quiz (group) + 2 for the first


def test_a_double_submit_assigns_once_and_says_it_is_done(client, world):
    tasks = world["tasks"]
    data = {"task": [tasks["demo-quiz"].id, tasks["demo-copy"].id], "due": day(3), "note": "先做这两个"}
    assert post(client, world, data).status_code == 303
    again = post(client, world, data)                           # the second tap of a double tap
    assert again.status_code == 303
    assert "已经按你的要求布置好了" in client.get(world["page"]).get_data(as_text=True)
    assert len(rows()) == 2
    changed = post(client, world, {**data, "due": day(9)})     # not the same request: a real conflict
    assert changed.status_code == 409 and len(rows()) == 2
    assert {d for *_x, d, _n in rows()} == {local_today() + timedelta(days=3)}


@pytest.mark.parametrize("to_learners", [False, True])
def test_two_identical_requests_at_once_assign_once(app, world, to_learners):
    tasks = world["tasks"]
    clients = [app.test_client() for _ in range(2)]
    tokens = []
    for c in clients:
        assert sign_in(c, world["mentor"]).status_code == 303
        tokens.append(csrf_token(c, world["page"]))
    data = {"task": [str(tasks["demo-quiz"].id), str(tasks["demo-reply"].id)], "due": day(2)}
    if to_learners:
        data["learner"] = [str(world["first"].id), str(world["second"].id)]
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
    assert len(rows()) == (4 if to_learners else 2)


def test_the_learner_page_gives_one_learner_several_tasks(client, world):
    tasks, learner = world["tasks"], world["first"]
    url = f"/cohorts/{world['cohort'].id}/learners/{learner.id}"
    r = client.post(f"{url}/assignments", data={"csrf_token": csrf_token(client, url), "due": day(6),
                                                "task": [tasks["demo-quiz"].id, tasks["demo-reply"].id]})
    assert r.status_code == 303
    assert {(lrn, t) for _c, lrn, t, _d, _n in rows()} == {(learner.id, tasks["demo-quiz"].id),
                                                          (learner.id, tasks["demo-reply"].id)}
    assert "已给王秀英布置 2 个任务" in client.get(url).get_data(as_text=True)


def test_a_teachers_class_reads_class_wording(app, world):
    school = make_org(OrgKind.SCHOOL)
    teacher = make_user(Role.TEACHER, org=school)
    school_class = make_cohort(school)
    make_learner(school_class)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, teacher).status_code == 303
    page = f"/cohorts/{school_class.id}"
    tasks = world["tasks"]
    r = client.post(f"{page}/assignments", data={"csrf_token": csrf_token(client, page), "due": day(1),
                                                 "task": [tasks["demo-quiz"].id, tasks["demo-copy"].id]})
    assert r.status_code == 303
    assert "已给班级布置 2 个任务" in client.get(page).get_data(as_text=True)


# ---- the API: task_ids next to task_id ------------------------------------------------------

def test_api_assigns_a_list_of_tasks_to_a_cohort_or_to_learners(client, world):
    tasks = world["tasks"]
    auth = api_headers(client, world["mentor"])
    quiz, copy, reply = (tasks[s].id for s in ("demo-quiz", "demo-copy", "demo-reply"))
    r = client.post("/api/v1/assignments", headers=auth, json={
        "task_ids": [copy, quiz, copy], "cohort_id": world["cohort"].id, "due_at": day(3), "note": "一起做"})
    assert r.status_code == 201
    assert [(a["task_id"], a["due_at"], a["note"], a["cohort_id"]) for a in r.json["assignments"]] == [
        (copy, day(3), "一起做", world["cohort"].id), (quiz, day(3), "一起做", world["cohort"].id)]
    r = client.post("/api/v1/assignments", headers=auth, json={
        "task_ids": [reply, copy], "usernames": [world["first"].login_name, world["second"].login_name],
        "due_at": f"{day(5)}T20:00:00+08:00"})
    assert r.status_code == 201 and r.json["due_at"] == day(5)
    assert [(a["slug"], a["username"]) for a in r.json["assignments"]] == [
        ("demo-reply", world["first"].login_name), ("demo-reply", world["second"].login_name),
        ("demo-copy", world["first"].login_name), ("demo-copy", world["second"].login_name)]
    assert len(rows()) == 6


def test_api_refuses_bad_task_lists_and_saves_nothing(client, world):
    tasks = world["tasks"]
    auth = api_headers(client, world["mentor"])
    quiz, copy = tasks["demo-quiz"].id, tasks["demo-copy"].id
    base = {"cohort_id": world["cohort"].id, "due_at": day(2)}
    cases = [
        ({"task_ids": [], **base}, 400, "bad_request"),
        ({"task_ids": quiz, **base}, 400, "bad_request"),
        ({"task_ids": [quiz], "task_id": quiz, **base}, 400, "bad_request"),
        ({"task_ids": [quiz, 987654], **base}, 400, "invalid"),
        ({"task_ids": [quiz, True], **base}, 400, "invalid"),
        ({"task_ids": [quiz, [copy]], **base}, 400, "invalid"),
        ({"task_ids": [quiz, 2**63], **base}, 400, "invalid"),
        ({"task_ids": list(range(1, 60)), **base}, 400, "bad_request"),
        ({"task_ids": [quiz, copy], "usernames": [world["first"].login_name, "nobody"], "due_at": day(2)},
         400, "unknown_learners"),
    ]
    for body, status, code in cases:
        r = client.post("/api/v1/assignments", headers=auth, json=body)
        assert (r.status_code, r.json["error"]["code"]) == (status, code), body
    assert rows() == []
    assignments.do_assign(world["mentor"], world["cohort"], copy, day(2))
    r = client.post("/api/v1/assignments", headers=auth, json={"task_ids": [quiz, copy], **base})
    assert r.status_code == 409 and r.json["error"]["task_ids"] == [copy]
    assert db.session.scalar(select(func.count(Assignment.id))) == 1
