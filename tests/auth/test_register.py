"""Self-registration with a join code, and changing passwords."""

import pytest
from sqlalchemy import func, select

from lms.models import Membership, User
from tests.conftest import PASSWORD, csrf_token, make_cohort, make_learner, post_form, sign_in


def register(client, **fields):
    data = {"join_code": "", "display_name": "王秀英", "phone": "", "username": "", "password": "secret-99"}
    data.update(fields)
    return post_form(client, "/auth/register", data)


def users_count(db) -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_learner_registers_with_a_code_typed_loosely_and_lands_in_the_cohort(client, db):
    cohort = make_cohort()
    loose = " " + cohort.join_code.lower()[:3] + "-" + cohort.join_code.lower()[3:] + " "
    response = register(client, join_code=loose, phone="138 0013 8000")
    assert response.status_code == 303 and response.headers["Location"].endswith("/learn/")
    user = db.session.scalar(select(User).where(User.phone == "13800138000"))
    assert user.role == "learner"
    assert [m.cohort_id for m in user.memberships] == [cohort.id]
    assert cohort.name in client.get("/learn/").get_data(as_text=True)


def _full_cohort_code() -> str:
    cohort = make_cohort(capacity=1)
    make_learner(cohort)
    return cohort.join_code


@pytest.mark.parametrize("setup, message", [
    (lambda: "ZZZZZZ", "这个加入码用不了"),
    (lambda: make_cohort(is_open=False).join_code, "这个加入码用不了"),
    (_full_cohort_code, "这个加入码用不了"),
    (lambda: "", "必填"),
])
def test_bad_join_codes_are_explained_with_one_message_for_every_unusable_code(client, db, setup, message):
    """Unknown, closed and full get the same words, so guessing learns nothing about groups."""
    code = setup()
    before = users_count(db)
    response = register(client, join_code=code, username="newbie")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "停止加入" not in page and "人满" not in page and "没有找到" not in page
    assert users_count(db) == before


@pytest.mark.parametrize("fields, message", [
    ({"username": "", "phone": ""}, "请填写用户名或手机号"),
    ({"phone": "12345"}, "请输入 11 位手机号"),
    ({"phone": "1380013800a"}, "请输入 11 位手机号"),
    ({"username": "王"}, "用户名：3–30 个字母"),
    ({"username": "ok_name", "password": "123"}, "密码至少 6 位"),
    ({"username": "ok_name", "display_name": "   "}, "必填"),
    ({"username": "ok_name", "display_name": "长" * 61}, "长度"),
])
def test_bad_registration_fields_are_explained_and_nothing_is_created(client, db, fields, message):
    cohort = make_cohort()
    response = register(client, join_code=cohort.join_code, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert users_count(db) == 0


def test_duplicate_username_or_phone_is_refused(client, db):
    cohort = make_cohort()
    make_learner(cohort, username="taken_name", phone="13900000001")
    page = register(client, join_code=cohort.join_code, username="Taken_Name").get_data(as_text=True)
    assert "这个用户名已被使用" in page
    page = register(client, join_code=cohort.join_code, phone="13900000001").get_data(as_text=True)
    assert "这个手机号已注册" in page
    assert users_count(db) == 1


@pytest.mark.parametrize("bad", [{"password": "123"}, {"display_name": "   "}, {"phone": "12345"}])
def test_a_taken_username_is_not_revealed_while_the_rest_of_the_form_is_wrong(client, db, bad):
    cohort = make_cohort()
    make_learner(cohort, username="taken_name")
    response = register(client, join_code=cohort.join_code, username="taken_name", **bad)
    assert response.status_code == 400
    assert "这个用户名已被使用" not in response.get_data(as_text=True)
    fixed = register(client, join_code=cohort.join_code, username="taken_name")
    assert "这个用户名已被使用" in fixed.get_data(as_text=True)


def test_double_submit_of_registration_creates_one_account(client, db):
    cohort = make_cohort()
    data = {"csrf_token": csrf_token(client, "/auth/register"), "join_code": cohort.join_code,
            "display_name": "王秀英", "username": "twice_tap", "password": "secret-99"}
    first = client.post("/auth/register", data=data)
    second = client.post("/auth/register", data=data)  # the same form, tapped again
    assert first.status_code == 303
    assert second.status_code == 302 and second.headers["Location"].endswith("/learn/")
    assert db.session.scalar(select(func.count(User.id)).where(User.username == "twice_tap")) == 1
    assert db.session.scalar(select(func.count(Membership.id))) == 1


def test_hostile_display_name_is_stored_as_text_and_escaped(client, db):
    cohort = make_cohort()
    register(client, join_code=cohort.join_code, username="xss_user", display_name="<script>alert(1)</script>")
    page = client.get("/learn/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_change_password_checks_the_current_one_and_ends_other_sessions(app, client):
    user = make_learner()
    other_phone = app.test_client()
    sign_in(other_phone, user)
    sign_in(client, user)
    bad = post_form(client, "/auth/password", {"current": "wrong-one", "new": "new-secret-1"},
                    token_from="/auth/password")
    assert "当前密码不对" in bad.get_data(as_text=True)
    short = post_form(client, "/auth/password", {"current": PASSWORD, "new": "123"}, token_from="/auth/password")
    assert "密码至少 6 位" in short.get_data(as_text=True)
    ok = post_form(client, "/auth/password", {"current": PASSWORD, "new": "new-secret-1"},
                   token_from="/auth/password")
    assert ok.status_code == 303
    assert client.get("/learn/").status_code == 200  # this phone stays signed in
    assert other_phone.get("/learn/").status_code == 302  # the other one is signed out
    assert sign_in(app.test_client(), user, "new-secret-1").status_code == 303
