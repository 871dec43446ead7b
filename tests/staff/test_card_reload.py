"""Reloading a sign-in card page never makes a new password (Post/Redirect/Get): the same card
for a few minutes, then a page that says passwords are shown only once; the cookie that carries
the password between the two never holds it in clear."""

from __future__ import annotations

import re

import pytest

from lms.extensions import db
from lms.models import MemberRole, Membership, Role, User
from lms.staff import cards
from tests.conftest import PASSWORD, csrf_token, make_learner, make_user, post_form, sign_in
from tests.helpers import mini_group

OTP_RE = re.compile(r'<dd class="code big">(\d{8})</dd>')
GONE = "密码只显示一次"


@pytest.fixture
def group(app, client):
    mentor, cohort, _tasks = mini_group()
    learner = make_learner(cohort, display_name="李大妈")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, mentor).status_code == 303
    return mentor, cohort, learner


def otp_on(response) -> str | None:
    match = OTP_RE.search(response.get_data(as_text=True))
    return match.group(1) if match else None


def password_hash(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).password_hash


def signs_in(app, login: str, password: str) -> bool:
    return post_form(app.test_client(), "/auth/login", {"login": login, "password": password}).status_code == 303


def new_card(client, cohort, learner):
    url = f"/cohorts/{cohort.id}/learners/{learner.id}/card"
    return post_form(client, url, {"confirm": "yes"}, token_from=url)


def test_a_new_card_redirects_and_a_reload_shows_the_same_password(app, client, group):
    _mentor, cohort, learner = group
    made = new_card(client, cohort, learner)
    assert made.status_code == 303
    page = made.headers["Location"]
    assert page == f"/cohorts/{cohort.id}/learners/{learner.id}/card/print"
    first = client.get(page)
    otp, hashed = otp_on(first), password_hash(learner.id)
    assert first.status_code == 200 and otp and "李大妈" in first.get_data(as_text=True)
    for _ in range(3):                                        # reload, reload, reload
        again = client.get(page)
        assert otp_on(again) == otp
    assert password_hash(learner.id) == hashed               # no reload changed the password
    assert signs_in(app, learner.login_name, otp)             # the card printed first still works


def test_enrolling_redirects_to_the_card_and_a_double_tap_shows_the_same_card(app, client, group):
    _mentor, cohort, _learner = group
    html = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    form_id = re.search(r'name="form_id" type="hidden" value="([0-9a-f]+)"', html).group(1)
    data = {"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}"), "form_id": form_id,
            "display_name": "王秀英", "phone": "", "username": ""}
    made = client.post(f"/cohorts/{cohort.id}/learners", data=data)
    assert made.status_code == 303 and made.headers["Location"].endswith("/card/print")
    otp = otp_on(client.get(made.headers["Location"]))
    villager = db.session.query(User).filter_by(display_name="王秀英").one()
    hashed = villager.password_hash
    twice = client.post(f"/cohorts/{cohort.id}/learners", data=data)    # the browser re-sends the form
    assert twice.headers["Location"] == made.headers["Location"]
    assert otp_on(client.get(twice.headers["Location"])) == otp
    assert password_hash(villager.id) == hashed
    assert db.session.query(User).filter_by(display_name="王秀英").count() == 1
    assert signs_in(app, villager.login_name, otp)


def test_after_the_minutes_or_the_first_sign_in_the_page_says_it_is_shown_only_once(app, client, group,
                                                                                   monkeypatch):
    _mentor, cohort, learner = group
    page = new_card(client, cohort, learner).headers["Location"]
    otp = otp_on(client.get(page))
    hashed = password_hash(learner.id)
    later = cards._now() + cards.CARD_MINUTES * 60 + 1
    monkeypatch.setattr(cards, "_now", lambda: later)
    gone = client.get(page)
    html = gone.get_data(as_text=True)
    assert gone.status_code == 200 and GONE in html and otp not in html and otp_on(gone) is None
    assert f'href="/cohorts/{cohort.id}/learners/{learner.id}/card"' in html      # make a new one (asks first)
    assert password_hash(learner.id) == hashed
    monkeypatch.undo()
    assert GONE in client.get(page).get_data(as_text=True)        # forgotten, not just hidden

    page = new_card(client, cohort, learner).headers["Location"]
    otp = otp_on(client.get(page))
    assert signs_in(app, learner.login_name, otp)                 # the learner used the card
    assert GONE in client.get(page).get_data(as_text=True)


def test_the_cookie_never_holds_the_password_in_clear_and_a_forged_one_shows_nothing(app, client, group):
    _mentor, cohort, learner = group
    page = new_card(client, cohort, learner).headers["Location"]
    otp = otp_on(client.get(page))
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")).value
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert otp not in cookie and otp not in repr(data)
    sealed = data["cards"][str(learner.id)]
    flipped = sealed[:30] + ("A" if sealed[30] != "A" else "B") + sealed[31:]
    with app.test_request_context():
        assert cards._unseal(flipped) is None and cards._unseal("not base64 at all!") is None
        assert cards._unseal(sealed)["p"] == otp


def test_someone_else_signing_in_on_the_same_browser_does_not_see_the_card(app, client, group):
    _mentor, cohort, learner = group
    page = new_card(client, cohort, learner).headers["Location"]
    assert otp_on(client.get(page))
    colleague = make_user(Role.MENTOR, org=cohort.org)
    db.session.add(Membership(cohort_id=cohort.id, user_id=colleague.id, role=MemberRole.MENTOR.value))
    db.session.commit()
    post_form(client, "/auth/logout", {}, token_from=f"/cohorts/{cohort.id}")
    assert sign_in(client, colleague).status_code == 303
    shown = client.get(page)
    assert shown.status_code == 200 and otp_on(shown) is None and GONE in shown.get_data(as_text=True)


def test_the_admins_card_is_post_redirect_get_too(app, client):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.TEACHER, display_name="周老师")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, admin).status_code == 303
    url = f"/admin/users/{person.id}/password"
    made = post_form(client, url, {"confirm": "yes"}, token_from=url)
    assert made.status_code == 303 and made.headers["Location"] == f"/admin/users/{person.id}/card"
    otp = otp_on(client.get(made.headers["Location"]))
    hashed = password_hash(person.id)
    assert otp_on(client.get(made.headers["Location"])) == otp
    assert password_hash(person.id) == hashed
    assert not signs_in(app, person.login_name, PASSWORD) and signs_in(app, person.login_name, otp)
    gone = client.get(made.headers["Location"]).get_data(as_text=True)
    assert GONE in gone and f'href="/admin/users/{person.id}/password"' in gone
