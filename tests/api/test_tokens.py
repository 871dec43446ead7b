"""JSON API: token auth, errors as JSON, roles."""

import pytest

from lms.models import Role
from tests.conftest import (
    PASSWORD,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)


def token_for(client, user, password=PASSWORD):
    response = client.post("/api/v1/tokens", json={"username": user.login_name, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_token_then_me(client):
    learner = make_learner(display_name="王秀英")
    response = client.post("/api/v1/tokens", json={"username": learner.username, "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert body["role"] == "learner" and len(body["token"]) >= 40
    me = client.get("/api/v1/me", headers=auth(body["token"])).get_json()
    assert me["username"] == learner.username and me["display_name"] == "王秀英"
    assert me["cohorts"][0]["role"] == "learner"


@pytest.mark.parametrize("payload, status, code", [
    ({"username": "nobody", "password": "whatever1"}, 401, "bad_credentials"),
    ({"username": "", "password": ""}, 400, "bad_request"),
    ({"username": 123, "password": ["x"]}, 400, "bad_request"),
    ({}, 400, "bad_request"),
])
def test_bad_token_requests_get_json_errors(client, payload, status, code):
    response = client.post("/api/v1/tokens", json=payload)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_wrong_password_message_is_in_the_callers_language(client):
    learner = make_learner()
    zh = client.post("/api/v1/tokens", json={"username": learner.username, "password": "nope-nope"})
    assert zh.status_code == 401 and "密码不对" in zh.get_json()["error"]["message"]
    en = client.post("/api/v1/tokens", json={"username": learner.username, "password": "nope-nope"},
                     headers={"Accept-Language": "en"})
    assert "Wrong username" in en.get_json()["error"]["message"]


@pytest.mark.parametrize("body, content_type", [
    ("not json at all", "application/json"), ("[1, 2]", "application/json"),
    ("username=a&password=b", "application/x-www-form-urlencoded"),
])
def test_non_object_bodies_are_refused(client, body, content_type):
    response = client.post("/api/v1/tokens", data=body, content_type=content_type)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_json"


@pytest.mark.parametrize("header", [None, "Bearer forged-token-value", "Bearer ", "Basic abc", "Bearer " + "x" * 5000])
def test_missing_or_forged_tokens_get_401_json(client, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_password_change_revokes_tokens(client, db):
    from lms.services import accounts

    learner = make_learner()
    token = token_for(client, learner)
    accounts.do_change_password(learner, PASSWORD, "another-pass-1")
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 401


def test_learners_are_refused_mentor_endpoints(client):
    token = token_for(client, make_learner())
    response = client.get("/api/v1/cohorts", headers=auth(token))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


def test_mentor_sees_only_own_cohorts(client):
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    mine = make_cohort(org, staff=mentor)
    make_learner(mine)
    make_cohort()  # someone else's
    cohorts = client.get("/api/v1/cohorts", headers=auth(token_for(client, mentor))).get_json()
    assert [(c["id"], c["learners"]) for c in cohorts] == [(mine.id, 1)]


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and "error" in response.get_json()


def test_the_phone_pages_scripts_can_read_the_api_with_the_session_cookie(client):
    learner = make_learner()
    sign_in(client, learner)
    assert client.get("/api/v1/me").get_json()["username"] == learner.username


def test_production_config_hashes_passwords_with_full_scrypt(app):
    from werkzeug.security import generate_password_hash

    from lms.config import Config

    method = Config().PASSWORD_HASH_METHOD
    assert method == "scrypt"
    assert generate_password_hash("x", method=method).startswith("scrypt:32768:8:1$")
