"""Sessions end when their owner says so, one-time passwords work once, API tokens can be revoked.

Issue 9 items 5 and 6: a session cookie copied before sign-out kept working, a printed card's
password could be used again and again (and skipped the forced change through the API)."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from lms.clock import utcnow
from lms.extensions import db
from lms.models import Role
from lms.services import accounts, orgs
from tests.conftest import (
    PASSWORD,
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    post_form,
    sign_in,
)


def _cookies(client: FlaskClient) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def _client_with(app, cookies: dict[str, str]) -> FlaskClient:
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def _signed_in(client: FlaskClient) -> bool:
    response = client.get("/learn/")
    return response.status_code == 200


def test_a_session_cookie_copied_before_sign_out_stops_working(app, client):
    learner = make_learner()
    assert sign_in(client, learner).status_code == 303
    copied = _cookies(client)
    assert _signed_in(_client_with(app, copied))
    post_form(client, "/auth/logout", {}, token_from="/learn/")
    thief = _client_with(app, copied)
    response = thief.get("/learn/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_remember_me_cookie_alone_stops_working_after_sign_out(app, client):
    learner = make_learner()
    assert sign_in(client, learner, remember=True).status_code == 303
    remember = {k: v for k, v in _cookies(client).items() if k == "remember_token"}
    assert remember, "keep me signed in sets a remember cookie"
    assert _signed_in(_client_with(app, remember))   # it alone signs in: a new browser session
    post_form(client, "/auth/logout", {}, token_from="/learn/")
    assert not _signed_in(_client_with(app, remember))


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client):
    learner = make_learner()
    phone = app.test_client()
    assert sign_in(phone, learner).status_code == 303
    assert sign_in(client, learner).status_code == 303
    response = post_form(client, "/auth/password", {"current": PASSWORD, "new": "a-new-pass-456",
                                                    "confirm": "a-new-pass-456"}, token_from="/auth/password")
    assert response.status_code == 303
    assert _signed_in(client)
    assert not _signed_in(phone)


def _mentor_and_cohort():
    mentor = make_user(Role.MENTOR, org=make_org())
    return mentor, make_cohort(mentor.org, staff=mentor)


def _card(cohort) -> tuple:
    mentor = next(m.user for m in cohort.memberships if m.role == "mentor")
    return orgs.do_enrol_learner(mentor, cohort, display_name="王大姐")


def test_a_card_password_signs_in_once_then_says_it_was_used(app, client):
    _, cohort = _mentor_and_cohort()
    learner, otp = _card(cohort)
    assert sign_in(client, learner, otp).status_code == 303
    assert "/auth/password" in client.get("/learn/").headers["Location"]   # the change is forced
    post_form(client, "/auth/logout", {}, token_from="/auth/password")
    again = app.test_client()
    again.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    response = sign_in(again, learner, otp)
    assert response.status_code == 400
    assert "一次性密码已经用过" in response.get_data(as_text=True)


def test_a_card_that_was_never_used_expires(app, client):
    _, cohort = _mentor_and_cohort()
    learner, otp = _card(cohort)
    learner.one_time_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    response = sign_in(client, learner, otp)
    assert response.status_code == 400
    assert "已过期" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_new_card_works_after_the_old_one_was_used_and_ends_the_old_sessions(app, client):
    mentor, cohort = _mentor_and_cohort()
    learner, otp = _card(cohort)
    assert sign_in(client, learner, otp).status_code == 303
    fresh = orgs.do_reset_learner_password(mentor, learner)
    assert client.get("/auth/password").status_code == 302       # the old card's session is gone
    other = app.test_client()
    assert sign_in(other, learner, fresh).status_code == 303


def test_the_api_refuses_a_token_for_a_card_password_and_a_session_that_must_change_it(app, client):
    _, cohort = _mentor_and_cohort()
    learner, otp = _card(cohort)
    response = client.post("/api/v1/tokens", json={"username": learner.login_name, "password": otp})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "password_change_required"
    db.session.refresh(learner)
    assert learner.one_time_used_at is None           # the card still works on the website
    assert sign_in(client, learner, otp).status_code == 303
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "password_change_required"


def test_a_revoked_api_token_stops_working_and_tokens_say_when_they_expire(client):
    learner = make_learner()
    response = client.post("/api/v1/tokens", json={"username": learner.login_name, "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    expires = body["expires_at"]
    assert expires.endswith("Z") and expires[:10] == (utcnow() + timedelta(days=30)).strftime("%Y-%m-%d")
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 401


def test_revoking_without_a_bearer_token_is_a_clear_400(client):
    learner = make_learner()
    assert sign_in(client, learner).status_code == 303
    response = client.delete("/api/v1/tokens/current", headers={"X-CSRFToken": csrf_token(client, "/learn/")})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert _signed_in(client)                          # and the web session is untouched


def test_a_cookie_naming_a_session_of_another_user_is_refused(app, client):
    first, second = make_learner(), make_learner()
    assert sign_in(client, first).status_code == 303
    key = accounts.start_session(second)
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["_user_id"] = f"{first.id}:{key}"   # a real key, but of someone else's session
        session["_fresh"] = True
    assert not _signed_in(forged)
