"""Right after signing in with a sign-in card the learner only chooses a new password: the card's
one-time password was typed a moment ago and cannot be used again, so asking for it a second time
only made villagers retype eight digits (seen in a walk-through)."""

from __future__ import annotations

from lms.extensions import db
from lms.services import accounts
from tests.conftest import PASSWORD, make_learner, post_form

SAME = "新密码不能和当前密码一样。"


def sign_in_with(client, login: str, password: str):
    return post_form(client, "/auth/login", {"login": login, "password": password})




def test_after_a_card_only_the_new_password_is_asked_and_it_must_differ(app, client):
    learner = make_learner()
    card = accounts.do_reset_password(learner)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in_with(client, learner.login_name, card).status_code == 303
    page = client.get("/auth/password").get_data(as_text=True)
    assert "设置你自己的密码" in page and "只能用一次" in page
    assert 'name="current"' not in page and 'name="new"' in page
    same = post_form(client, "/auth/password", {"new": card}, token_from="/auth/password")
    assert same.status_code == 400 and SAME in same.get_data(as_text=True)
    empty = post_form(client, "/auth/password", {"new": ""}, token_from="/auth/password")
    assert empty.status_code == 400 and "请设置一个密码。" in empty.get_data(as_text=True)
    assert post_form(client, "/auth/password", {"new": "my-own-pass-9"}, token_from="/auth/password").status_code == 303
    fresh = app.test_client()
    assert sign_in_with(fresh, learner.login_name, "my-own-pass-9").status_code == 303
    assert fresh.get("/learn/").status_code == 200                          # no forced change any more
    assert sign_in_with(app.test_client(), learner.login_name, card).status_code != 303   # the card is spent


def test_a_learner_with_their_own_password_still_types_the_current_one(app, client):
    learner = make_learner()
    assert sign_in_with(client, learner.login_name, PASSWORD).status_code == 303
    page = client.get("/auth/password").get_data(as_text=True)
    assert 'name="current"' in page and 'name="new"' in page
    wrong = post_form(client, "/auth/password", {"current": "", "new": "another-pass-1"},
                      token_from="/auth/password")
    assert wrong.status_code == 400 and 'name="current"' in wrong.get_data(as_text=True)
    assert sign_in_with(app.test_client(), learner.login_name, PASSWORD).status_code == 303   # unchanged
