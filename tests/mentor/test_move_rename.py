"""Staff rename a group and move a learner to another group of the same village (confirm step);
the learner keeps account and work; other villages' groups are never offered or accepted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.models import Membership, Role
from tests.conftest import csrf_token, make_cohort, make_learner, make_org, make_user, sign_in

HOSTILE = "<img src=x onerror=alert(1)>"
NAME_ERROR = "请填写名称（最多 100 个字）。"


@pytest.fixture
def village(app, client):
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    first, second = make_cohort(org, staff=mentor), make_cohort(org, staff=mentor)
    learner = make_learner(first, display_name="王秀英")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return mentor, first, second, learner


def cohorts_of(learner) -> list[int]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Membership.cohort_id).where(Membership.user_id == learner.id)))


def test_rename_a_group_and_bad_names_are_refused(client, village):
    _mentor, first, _second, _learner = village
    url = f"/cohorts/{first.id}"
    r = client.post(f"{url}/name", data={"csrf_token": csrf_token(client, url), "name": f"  青山村 {HOSTILE} "})
    assert r.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert HOSTILE not in page and "青山村 &lt;img src=x onerror=alert(1)&gt;" in page
    for bad in ("", "   ", "长" * 101):
        r = client.post(f"{url}/name", data={"csrf_token": csrf_token(client, url), "name": bad})
        assert r.status_code == 303
        assert NAME_ERROR in client.get(url).get_data(as_text=True)
    db.session.refresh(first)
    assert first.name == f"青山村 {HOSTILE}"
    assert client.post(f"{url}/name", data={"name": "x"}).status_code in (302, 303, 400)   # no CSRF: nothing
    db.session.refresh(first)
    assert first.name == f"青山村 {HOSTILE}"


def test_move_a_learner_after_confirming(client, village):
    _mentor, first, second, learner = village
    page = client.get(f"/cohorts/{first.id}/learners/{learner.id}").get_data(as_text=True)
    assert f'<option value="{second.id}">' in page and f'<option value="{first.id}">' not in page
    ask = client.get(f"/cohorts/{first.id}/learners/{learner.id}/move?target={second.id}")
    assert ask.status_code == 200 and "王秀英" in ask.get_data(as_text=True)
    assert cohorts_of(learner) == [first.id]                        # asking moved nobody
    done = client.post(f"/cohorts/{first.id}/learners/{learner.id}/move?target={second.id}",
                       data={"csrf_token": csrf_token(client, f"/cohorts/{first.id}"), "confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/cohorts/{second.id}/learners/{learner.id}")
    assert cohorts_of(learner) == [second.id]
    assert "已转到" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_moving_to_a_full_group_another_village_or_a_made_up_one_is_refused(client, village):
    _mentor, first, second, learner = village
    second.capacity = 1
    make_learner(second)
    foreign = make_cohort(make_org())
    token = csrf_token(client, f"/cohorts/{first.id}")
    for target, message in ((second.id, "已经满员"), (foreign.id, "请从列表里选一个小组"), (999999, "请从列表里选一个小组"),
                            ("x", "请从列表里选一个小组"), ("", "请从列表里选一个小组")):
        r = client.post(f"/cohorts/{first.id}/learners/{learner.id}/move?target={target}",
                        data={"csrf_token": token, "confirm": "yes"})
        assert r.status_code == 303, target
        assert message in client.get(r.headers["Location"]).get_data(as_text=True), target
        assert cohorts_of(learner) == [first.id], target


def test_other_villages_staff_cannot_rename_or_move(app, client, village):
    _mentor, first, second, learner = village
    stranger = make_user(Role.MENTOR, org=make_org())
    make_cohort(stranger.org, staff=stranger)
    other = app.test_client()
    assert sign_in(other, stranger).status_code == 303
    token = csrf_token(other, "/mentor/")
    assert other.post(f"/cohorts/{first.id}/name", data={"csrf_token": token, "name": "抢"}).status_code == 404
    r = other.post(f"/cohorts/{first.id}/learners/{learner.id}/move?target={second.id}",
                   data={"csrf_token": token, "confirm": "yes"})
    assert r.status_code == 404 and cohorts_of(learner) == [first.id]
