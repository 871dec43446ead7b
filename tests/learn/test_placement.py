"""Placement: the quiz suggests a track, the learner chooses, staff can override."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.models import Placement
from lms.services import placement
from tests.conftest import make_cohort, make_learner, make_org, make_user
from tests.helpers import form_post

ALL = {f"p{i}": None for i in range(1, 11)}


def answers(option: str) -> dict[str, str]:
    return {qid: option for qid in ALL}


@pytest.mark.parametrize(("option", "track"), [("a", "basic"), ("b", "livestream"), ("c", "advanced")])
def test_placement_suggests_the_matching_track(app, option, track):
    assert placement.suggest(answers(option)).track == track


def test_a_mixed_seller_with_many_orders_goes_advanced(app):
    mixed = answers("c") | {"p2": "d", "p5": "d"}
    suggestion = placement.suggest(mixed)
    assert suggestion.track == "advanced" and suggestion.explanation


def test_new_learner_is_invited_then_places_and_sees_the_track(client, db, real_synced, login_as):
    user = login_as("learner")
    home = client.get("/learn/").get_data(as_text=True)
    assert "Take the placement quiz" in home and "Continue learning" not in home
    r = form_post(client, "/learn/placement", answers("b"), "/learn/placement")
    assert r.status_code == 303
    html = client.get(r.location).get_data(as_text=True)
    assert "We suggest: Livestream track" in html
    r = form_post(client, "/learn/placement/choose", answers("b") | {"track": "basic"}, "/learn/placement")
    assert r.status_code == 303
    chosen = db.session.scalar(select(Placement).where(Placement.user_id == user.id))
    assert chosen.suggested_track.slug == "livestream" and chosen.chosen_track.slug == "basic"
    assert chosen.set_by_id is None
    home = client.get("/learn/").get_data(as_text=True)
    assert "Continue learning" in home and "Take the placement quiz" not in home


def test_incomplete_placement_is_refused(client, real_synced, login_as):
    login_as("learner")
    partial = answers("a") | {"p4": "zz"}
    r = form_post(client, "/learn/placement", partial, "/learn/placement")
    assert r.status_code == 400 and "Please answer every question" in r.get_data(as_text=True)


def _staff_with_learner(role="mentor"):
    from lms.models import Role
    from tests.conftest import sign_in

    org = make_org()
    staff = make_user(Role(role), org=org)
    cohort = make_cohort(org, staff=staff)
    return staff, cohort, make_learner(cohort), sign_in


def test_mentor_places_own_learner(client, db, real_synced):
    mentor, cohort, learner, sign_in = _staff_with_learner()
    sign_in(client, mentor)
    page = client.get(f"/cohorts/{cohort.id}/learners/{learner.id}").get_data(as_text=True)
    assert f"/cohorts/{cohort.id}/learners/{learner.id}/track" in page
    r = form_post(client, f"/cohorts/{cohort.id}/learners/{learner.id}/track", {"track": "advanced"},
                  f"/cohorts/{cohort.id}/learners/{learner.id}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/learners/{learner.id}")
    now = placement.current_placement(learner)
    assert now.chosen_track.slug == "advanced" and now.set_by_id == mentor.id


def test_mentor_cannot_place_another_cohorts_learner(client, db, real_synced):
    mentor, cohort, _learner, sign_in = _staff_with_learner()
    stranger = make_learner()   # in a cohort this mentor does not mentor
    sign_in(client, mentor)
    r = form_post(client, f"/cohorts/{cohort.id}/learners/{stranger.id}/track", {"track": "basic"},
                  f"/cohorts/{cohort.id}")
    assert r.status_code == 404
    assert placement.current_placement(stranger) is None


def test_learner_cannot_use_the_override_route(client, real_synced, login_as):
    learner = login_as("learner")
    cohort = learner.memberships[0].cohort
    r = form_post(client, f"/cohorts/{cohort.id}/learners/{learner.id}/track", {"track": "advanced"}, "/learn/")
    assert r.status_code == 403


def test_learner_pages_speak_chinese_by_default(client, real_synced, login_as):
    login_as("learner")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    home = client.get("/learn/").get_data(as_text=True)
    assert "做分班测试" in home and "基础班" in home
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Basic track" in client.get("/learn/").get_data(as_text=True)
