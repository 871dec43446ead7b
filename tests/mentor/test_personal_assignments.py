"""A mentor gives one learner a task of their own from the learner page, moves its date and
takes it back (with a confirm step); the learner sees it and its note; the group page lists it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Role
from lms.services import assignments, reports
from tests.conftest import csrf_token, make_cohort, make_learner, make_org, make_user, sign_in
from tests.helpers import mini_group


@pytest.fixture
def setup(app, client):
    mentor, cohort, tasks = mini_group()
    learner = make_learner(cohort, display_name="王秀英")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return mentor, cohort, tasks, learner


def day(n: int) -> str:
    return (local_today() + timedelta(days=n)).isoformat()


def page_url(cohort, learner) -> str:
    return f"/cohorts/{cohort.id}/learners/{learner.id}"


def post(client, url: str, data: dict, page: str):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def personal_count() -> int:
    return db.session.scalar(select(func.count(Assignment.id)).where(Assignment.learner_id.is_not(None)))


def test_assign_one_learner_with_a_note_and_the_learner_sees_it(app, client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    r = post(client, f"{url}/assignments", {"task": tasks["demo-copy"].id, "due": day(3),
                                            "note": "先看第二课<script>x</script>"}, url)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"{url}#assigned")
    page = client.get(url).get_data(as_text=True)
    assert "只布置给王秀英的" in page and "先看第二课&lt;script&gt;x&lt;/script&gt;" in page
    group = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "单独布置给学员的" in group and f'href="{url}#assigned">王秀英</a>' in group
    mine = app.test_client()
    mine.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(mine, learner).status_code == 303
    home = mine.get("/learn/").get_data(as_text=True)
    assert "给你的说明：" in home and "先看第二课&lt;script&gt;" in home


@pytest.mark.parametrize("data, message", [
    ({"task": "", "due": "+3"}, "请选择"),
    ({"task": "99999", "due": "+3"}, "没有这个任务"),
    ({"task": "copy", "due": "-1"}, "不能早于今天"),
    ({"task": "copy", "due": "明天"}, "年-月-日"),
    ({"task": "copy", "due": "+3", "note": "长" * 201}, "200"),
])
def test_bad_personal_assignments_are_explained_and_nothing_is_saved(client, setup, data, message):
    _mentor, cohort, tasks, learner = setup
    data = dict(data)
    if data["task"] == "copy":
        data["task"] = tasks["demo-copy"].id
    if data["due"][:1] in "+-":
        data["due"] = day(int(data["due"]))
    url = page_url(cohort, learner)
    r = post(client, f"{url}/assignments", data, url)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and message in html, html[html.find("err"):][:300]
    assert "给王秀英布置作业" in html           # the page is all there, the form kept
    assert personal_count() == 0


def test_assigning_the_same_task_twice_is_a_conflict(client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    data = {"task": tasks["demo-copy"].id, "due": day(2)}
    assert post(client, f"{url}/assignments", data, url).status_code == 303
    again = post(client, f"{url}/assignments", {**data, "due": day(5)}, url)
    assert again.status_code == 409 and "已经布置" in again.get_data(as_text=True)
    assert personal_count() == 1


def test_the_same_form_sent_twice_is_done_once_without_an_error(client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    data = {"task": [tasks["demo-copy"].id, tasks["demo-quiz"].id], "due": day(2), "note": "周五前"}
    first = post(client, f"{url}/assignments", data, url)
    assert first.status_code == 303 and "已给王秀英布置 2 个任务" in client.get(url).get_data(as_text=True)
    again = post(client, f"{url}/assignments", data, url)      # a double tap on a slow phone
    assert again.status_code == 303
    assert "已经按你的要求布置好了" in client.get(url).get_data(as_text=True)
    assert personal_count() == 2


def test_move_the_date_and_take_it_back_after_confirming(client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    post(client, f"{url}/assignments", {"task": tasks["demo-copy"].id, "due": day(2)}, url)
    a = db.session.scalar(select(Assignment).where(Assignment.learner_id == learner.id))
    assert post(client, f"{url}/assignments/{a.id}/due", {"due": day(9)}, url).status_code == 303
    db.session.refresh(a)
    assert a.due_on.isoformat() == day(9)
    assert post(client, f"{url}/assignments/{a.id}/due", {"due": day(-2)}, url).status_code == 400
    ask = client.get(f"{url}/assignments/{a.id}/delete")
    assert ask.status_code == 200 and "王秀英" in ask.get_data(as_text=True)
    assert personal_count() == 1                                  # asking changed nothing
    unconfirmed = post(client, f"{url}/assignments/{a.id}/delete", {}, url)
    assert unconfirmed.status_code == 200 and personal_count() == 1
    done = post(client, f"{url}/assignments/{a.id}/delete", {"confirm": "yes"}, url)
    assert done.status_code == 303 and personal_count() == 0


def test_other_groups_learners_and_guessed_ids_are_404(app, client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    stranger = make_learner(make_cohort(make_org()))
    other = make_learner(cohort)
    post(client, f"{url}/assignments", {"task": tasks["demo-copy"].id, "due": day(2)}, url)
    a = db.session.scalar(select(Assignment).where(Assignment.learner_id == learner.id))
    for target in (f"/cohorts/{cohort.id}/learners/{stranger.id}/assignments",
                   f"{page_url(cohort, other)}/assignments/{a.id}/due",        # not this learner's
                   f"{url}/assignments/999999/due", f"{url}/assignments/9223372036854775808/due"):
        r = post(client, target, {"task": tasks["demo-copy"].id, "due": day(4)}, url)
        assert r.status_code == 404, target
    assert client.get(f"{page_url(cohort, other)}/assignments/{a.id}/delete").status_code == 404
    foreign_mentor = make_user(Role.MENTOR, org=make_org())
    make_cohort(foreign_mentor.org, staff=foreign_mentor)
    outsider = app.test_client()
    assert sign_in(outsider, foreign_mentor).status_code == 303
    r = outsider.post(f"{url}/assignments/{a.id}/delete",
                      data={"csrf_token": csrf_token(outsider, "/mentor/"), "confirm": "yes"})
    assert r.status_code == 404 and personal_count() == 1


def test_more_time_for_one_learner_overrides_the_groups_due_date(app, client, setup):
    _mentor, cohort, tasks, learner = setup
    other = make_learner(cohort)
    db.session.add(Assignment(cohort_id=cohort.id, task_id=tasks["demo-reply"].id,
                              due_on=local_today() - timedelta(days=1), note="小组的作业"))
    db.session.commit()
    url = page_url(cohort, learner)
    page = client.get(url).get_data(as_text=True)
    assert "给王秀英延期到" in page
    assert "客服回复 · 截止" in page                   # a task says what kind it is, as a lesson says 课
    r = post(client, f"{url}/more-time", {"task": tasks["demo-reply"].id, "due": day(3)}, url)
    assert r.status_code == 303
    assert f"已给王秀英延期，现在截止 {day(3)}。" in client.get(url).get_data(as_text=True)
    mine = {a.task.slug: a for a in assignments.learner_assignments(learner)}
    theirs = {a.task.slug: a for a in assignments.learner_assignments(other)}
    assert mine["demo-reply"].due_on.isoformat() == day(3) and not mine["demo-reply"].overdue
    assert theirs["demo-reply"].overdue
    overdue = {r.user_id: r.overdue for r in reports.cohort_dashboard(cohort)}
    assert overdue == {learner.id: 0, other.id: 1}
    assert "给王秀英延期到" not in client.get(url).get_data(as_text=True)   # now changed in its own list
    (personal,) = assignments.personal_assignments([learner.id])
    confirm = client.get(f"{url}/assignments/{personal.id}/delete").get_data(as_text=True)
    assert f"王秀英仍然通过小组收到这一项，截止日期恢复为小组的 {day(-1)}。" in confirm   # not "no longer sees"


@pytest.mark.parametrize(("due", "message"), [
    (-2, "延期要选在现在的截止日期"),     # earlier than it is due now: that is not more time
    (2, "延期要选在现在的截止日期"),      # the same day
    ("", "请选择截止日期。"),
    ("9999-12-31", "截止日期太远了"),
])
def test_more_time_must_be_later_than_the_day_it_is_due_now(client, setup, due, message):
    _mentor, cohort, tasks, learner = setup
    db.session.add(Assignment(cohort_id=cohort.id, task_id=tasks["demo-reply"].id, due_on=local_today() + timedelta(days=2)))
    db.session.commit()
    url = page_url(cohort, learner)
    r = post(client, f"{url}/more-time", {"task": tasks["demo-reply"].id,
                                          "due": day(due) if isinstance(due, int) else due}, url)
    assert r.status_code == 303
    assert message in client.get(url).get_data(as_text=True)
    assert assignments.personal_assignments([learner.id]) == []
    assert assignments.due_of(learner, ("task", tasks["demo-reply"].id)) == local_today() + timedelta(days=2)


def test_more_time_for_something_not_assigned_is_refused(client, setup):
    _mentor, cohort, tasks, learner = setup
    url = page_url(cohort, learner)
    for item in ({"task": tasks["demo-reply"].id}, {"lesson": "987654"}, {"task": "abc"}, {}):
        r = post(client, f"{url}/more-time", {**item, "due": day(3)}, url)
        assert r.status_code == 303
        assert "这一项已经不再布置给王秀英了" in client.get(url).get_data(as_text=True)
    assert assignments.personal_assignments([learner.id]) == []


def test_assign_a_task_to_the_ticked_learners_of_the_group_page(app, client, setup):
    _mentor, cohort, tasks, learner = setup
    second, third = make_learner(cohort), make_learner(cohort)
    page = f"/cohorts/{cohort.id}"
    data = {"task": tasks["demo-copy"].id, "due": day(3), "note": "两人一组练",
            "learner": [str(learner.id), str(second.id)]}
    r = post(client, f"{page}/assignments", data, page)
    assert r.status_code == 303
    given = set(db.session.scalars(select(Assignment.learner_id).where(Assignment.learner_id.is_not(None))))
    assert given == {learner.id, second.id}
    assert db.session.scalar(select(func.count(Assignment.id)).where(Assignment.cohort_id == cohort.id)) == 0
    assert "已布置给 2 名学员" in client.get(page).get_data(as_text=True)
    stranger = make_learner(make_cohort(make_org()))
    bad = post(client, f"{page}/assignments", {"task": tasks["demo-reply"].id, "due": day(3),
                                               "learner": [str(third.id), str(stranger.id)]}, page)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "不在这个小组" in html
    assert f'value="{third.id}" checked' in html                    # the ticks are kept
    assert personal_count() == 2                                    # nothing half-assigned
    again = post(client, f"{page}/assignments", {**data, "learner": [str(second.id), str(third.id)]}, page)
    assert again.status_code == 409 and personal_count() == 2       # second already has it: nobody gets it
