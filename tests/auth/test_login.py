"""Signing in and out, lockout, throttling, CSRF, sessions."""

import re
import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from lms.models import Role
from lms.services import accounts
from tests.conftest import PASSWORD, csrf_token, make_learner, make_user, post_form, sign_in

HOMES = {"learner": "/learn/", "mentor": "/mentor/", "teacher": "/school/", "admin": "/admin/"}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_own_home(client, login_as, role):
    login_as(role)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith(HOMES[role])
    assert client.get(HOMES[role]).status_code == 200


def test_sign_in_with_phone_number_in_any_common_format(client):
    user = make_learner(phone="13912345678")
    response = post_form(client, "/auth/login", {"login": "+86 139-1234-5678", "password": PASSWORD})
    assert response.status_code == 303
    assert "测试用户" in client.get("/learn/").get_data(as_text=True)
    assert user.last_active_at is not None


def test_unknown_user_and_wrong_password_get_the_same_clear_message(client):
    make_learner(username="wangjie")
    pages = []
    for name in ("nobody-here", "wangjie"):
        response = post_form(client, "/auth/login", {"login": name, "password": "wrong-password"})
        assert response.status_code == 400
        pages.append(response.get_data(as_text=True))
    assert all("用户名/手机号或密码不对" in page for page in pages)
    assert client.get("/learn/").status_code == 302  # still signed out


def test_empty_sign_in_form_says_what_is_missing(client):
    """Each box says what it wants, not a generic "this field is required" twice."""
    response = post_form(client, "/auth/login", {"login": "", "password": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "请填写用户名或手机号。" in html and "请填写密码。" in html and "该字段是必填字段" not in html
    response = post_form(client, "/auth/login", {"login": "learner9", "password": ""})
    html = response.get_data(as_text=True)
    assert "请填写密码。" in html and "请填写用户名或手机号。" not in html and 'value="learner9"' in html


CSRF_VALUE = re.compile(r'name="csrf_token" [^>]*>')


def _attempt(client, name, password, address):
    token = csrf_token(client)
    return client.post("/auth/login", data={"csrf_token": token, "login": name, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_guesses_from_elsewhere_do_not_lock_the_owner_out_of_their_own_phone(app):
    """No hard lock: after a flood of wrong guesses on their name, the owner still signs in
    on the phone they used before, and an admin is no easier to keep out."""
    for role in (Role.LEARNER, Role.ADMIN):
        user = make_user(role)
        owner = app.test_client()
        assert _attempt(owner, user.username, PASSWORD, "10.1.0.1").status_code == 303
        post_form(owner, "/auth/logout", {}, token_from="/auth/password")
        attacker = app.test_client()
        codes = [_attempt(attacker, user.username, f"guess-{i}", f"10.2.0.{i}").status_code for i in range(12)]
        assert codes[:5] == [400] * 5 and codes[-1] == 429
        assert _attempt(owner, user.username, PASSWORD, "10.1.0.1").status_code == 303


def test_the_throttle_answers_the_same_for_unknown_and_existing_names(app):
    """Throttled by the name typed, whether or not it exists: the same status and page."""
    make_learner(username="realname")
    pages = {}
    for name in ("realname", "nosuchname"):
        attacker = app.test_client()
        for i in range(6):
            response = _attempt(attacker, name, "wrong-pass", f"10.3.{len(pages)}.{i}")
        assert response.status_code == 429
        pages[name] = CSRF_VALUE.sub("", response.get_data(as_text=True))
    assert pages["realname"] == pages["nosuchname"]
    assert "尝试次数太多" in pages["realname"]


def test_unknown_names_cost_one_password_hash_like_existing_ones(client, monkeypatch):
    """The reply's timing does not say who exists: every refusal checks exactly one hash."""
    from lms.services import accounts as accounts_module

    real = accounts_module.check_password_hash
    calls = []
    monkeypatch.setattr(accounts_module, "check_password_hash", lambda *a: calls.append(1) or real(*a))
    make_learner(username="someone")
    bodies = []
    for name in ("someone", "no-one-at-all"):
        calls.clear()
        response = post_form(client, "/auth/login", {"login": name, "password": "wrong-pass"})
        assert len(calls) == 1 and response.status_code == 400
        bodies.append(CSRF_VALUE.sub("", response.get_data(as_text=True)).replace(name, ""))
    assert bodies[0] == bodies[1]


def test_successful_sign_ins_do_not_use_up_the_per_name_limit(app, client):
    user = make_learner()
    for _ in range(8):
        assert sign_in(client, user).status_code == 303
        post_form(client, "/auth/logout", {}, token_from="/auth/password")


def test_disabled_account_cannot_sign_in(client, db):
    user = make_learner()
    user.is_active_account = False
    db.session.commit()
    response = sign_in(client, user)
    assert "已停用" in response.get_data(as_text=True)


def test_login_is_throttled_per_address(app, client):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    user = make_learner()
    codes = [post_form(client, "/auth/login", {"login": f"x{i}", "password": "bad-pass"}).status_code
             for i in range(4)]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429
    response = sign_in(client, user)
    assert response.status_code == 429
    assert "尝试次数太多" in response.get_data(as_text=True)


def test_login_is_throttled_per_account_across_addresses(client):
    user = make_learner()
    codes = []
    for i in range(11):
        token = csrf_token(client)
        codes.append(client.post("/auth/login", data={"csrf_token": token, "login": user.username,
                                                      "password": "bad-pass"},
                                  environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"}).status_code)
    assert codes[-1] == 429


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_forged_csrf_token_is_refused_with_a_message(client, token):
    user = make_learner()
    data = {"login": user.username, "password": PASSWORD}
    if token:
        data["csrf_token"] = token
    response = client.post("/auth/login", data=data, follow_redirects=True)
    assert "表单已过期" in response.get_data(as_text=True)
    assert client.get("/learn/").status_code == 302


def test_remember_me_sets_a_long_lived_cookie(client):
    user = make_learner()
    response = sign_in(client, user, remember=True)
    assert "remember_token" in response.headers.get("Set-Cookie", "") or any(
        "remember_token" in h for h in response.headers.getlist("Set-Cookie"))


def test_expired_session_sends_the_user_back_to_sign_in(app, client, monkeypatch):
    """A session cookie older than PERMANENT_SESSION_LIFETIME is refused by the server."""
    user = make_learner()
    sign_in(client, user)
    assert client.get("/learn/").status_code == 200
    serializer = app.session_interface.get_signing_serializer(app)
    assert isinstance(serializer, URLSafeTimedSerializer)
    lifetime = app.permanent_session_lifetime.total_seconds()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - lifetime - 60)
    accounts.start_session(user)  # an open session: only the cookie's age refuses it
    stale = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
    monkeypatch.setattr(time, "time", real_time)
    fresh_client = app.test_client()
    fresh_client.set_cookie("session", stale)
    response = fresh_client.get("/learn/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_sign_out_needs_post_and_ends_the_session(client, login_as):
    login_as("learner")
    assert client.get("/auth/logout").status_code == 405
    response = post_form(client, "/auth/logout", {}, token_from="/learn/")
    assert response.status_code == 303
    assert client.get("/learn/").status_code == 302


def test_open_redirect_after_login_is_ignored(client):
    user = make_learner()
    token = csrf_token(client)
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"csrf_token": token, "login": user.username, "password": PASSWORD})
    assert response.headers["Location"].endswith("/learn/")


def test_admin_can_sign_in_by_username_case_insensitively(client):
    make_user(Role.ADMIN, username="bossadmin")
    response = post_form(client, "/auth/login", {"login": "BossAdmin", "password": PASSWORD})
    assert response.status_code == 303


def test_signing_out_leaves_nothing_of_the_session_in_the_browser(client):
    """Cards kept for printing, drafts of forms: none of it outlives sign-out on a shared phone."""
    from lms.models import Role
    from tests.conftest import make_org, make_user

    mentor = make_user(Role.MENTOR, org=make_org())
    assert sign_in(client, mentor).status_code == 303
    with client.session_transaction() as sess:
        sess["cards"] = {"1": "sealed"}
    response = post_form(client, "/auth/logout", {}, token_from="/mentor/")
    assert response.status_code == 303
    with client.session_transaction() as sess:
        assert "cards" not in sess and "_user_id" not in sess
    assert client.get("/mentor/").status_code == 302
