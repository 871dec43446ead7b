"""The admin finds anyone, gives a new sign-in card, deactivates and reactivates accounts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.models import Role, User, UserSession
from tests.conftest import (
    PASSWORD,
    api_headers,
    counting_statements,
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    post_form,
    sign_in,
)

HOSTILE = "<img src=x onerror=alert(1)>"
OTP_RE = re.compile(r'<dd class="code big">(\d{8})</dd>')
ROW_RE = re.compile(r'<span class="name">(.*?)</span>')


def names(response) -> list[str]:
    return ROW_RE.findall(response.get_data(as_text=True))


def confirm(client, url: str):
    """The confirmation page's button: POST confirm=yes with the page's CSRF token."""
    return post_form(client, url, {"confirm": "yes"}, token_from="/admin/users")


def signed_in(client) -> bool:
    return client.get("/auth/password").status_code == 200


@pytest.fixture
def admin(login_as):
    return login_as("admin", display_name="管理员甲")


# ---- search, filters, pages -------------------------------------------------------------------

def test_search_finds_username_mobile_number_or_name_in_any_case(client, admin):
    make_user(Role.LEARNER, username="wang_xiuying", display_name="王秀英", phone="13800138001")
    make_user(Role.MENTOR, username="li_ming", display_name="Li Ming")
    make_user(Role.TEACHER, username="zhao_t", display_name="赵老师")
    assert names(client.get("/admin/users?q=WANG_XIU")) == ["王秀英"]
    assert names(client.get("/admin/users?q=秀英")) == ["王秀英"]
    assert names(client.get("/admin/users?q=138+0013-8001")) == ["王秀英"]
    assert names(client.get("/admin/users?q=li+m")) == ["Li Ming"]
    assert names(client.get("/admin/users?q=++li_ming++")) == ["Li Ming"]
    everyone = client.get("/admin/users?q=")
    assert everyone.status_code == 200
    assert sorted(names(everyone)) == sorted(["王秀英", "Li Ming", "赵老师", "管理员甲"])


def test_like_wildcards_in_the_search_are_literal(client, admin):
    make_user(username="abc_def", display_name="下划线")
    make_user(username="abcxdef", display_name="没有下划线")
    make_user(username="pct_user", display_name="百分之百%")
    assert names(client.get("/admin/users?q=c_d")) == ["下划线"]
    assert names(client.get("/admin/users?q=%25")) == ["百分之百%"]
    assert names(client.get("/admin/users?q=%5C")) == []          # a backslash matches nothing here


def test_the_role_filter_and_what_each_row_says(client, admin):
    village = make_org(name="石门村")
    mentor = make_user(Role.MENTOR, org=village, username="shimen_mentor", display_name="周导师")
    learner = make_learner(make_cohort(village), username="shimen_l", display_name="刘学员")
    response = client.get("/admin/users?role=mentor")
    assert names(response) == ["周导师"]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(f"/admin/users?q={learner.username}").get_data(as_text=True)
    assert "刘学员" in html and "shimen_l" in html and "石门村" in html and "Learner" in html
    assert "Active" in html and "Has never signed in" in html
    assert f"/admin/users/{learner.id}/password" in html and f"/admin/users/{learner.id}/deactivate" in html
    assert mentor.id  # the mentor is filtered out above, listed with their role below
    assert "Mentor" in client.get("/admin/users?q=shimen_mentor").get_data(as_text=True)


@pytest.mark.parametrize("query, message", [
    ("role=boss", "请从列表里选择角色。"),
    ("role=%00", "请从列表里选择角色。"),
    ("q=" + "长" * 101, "搜索内容太长了（最多 100 个字）。"),
    ("q=" + "x" * 5000 + "&role=admin", "搜索内容太长了"),
])
def test_bad_searches_are_explained_not_a_500(client, admin, query, message):
    response = client.get(f"/admin/users?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "请先改正上面的搜索条件。" in html


def test_control_characters_in_the_search_are_ignored(client, admin):
    make_user(username="nul_user", display_name="零字符")
    response = client.get("/admin/users?q=nul%00_user")
    assert response.status_code == 200 and names(response) == []
    assert names(client.get("/admin/users?q=%00nul_user%01")) == ["零字符"]


def test_fifty_a_page_with_next_and_previous_links(client, admin):
    org = make_org()
    for n in range(54):
        make_user(org=org, username=f"pupil{n:03d}", display_name=f"学员{n:03d}")
    first = client.get("/admin/users")
    html = first.get_data(as_text=True)
    assert len(names(first)) == 50 and "第 1 页，共 2 页" in html
    assert 'rel="next" href="/admin/users?page=2"' in html and 'rel="prev"' not in html
    second = client.get("/admin/users?page=2")
    assert len(names(second)) == 5 and 'rel="prev" href="/admin/users?page=1"' in second.get_data(as_text=True)
    assert set(names(first)).isdisjoint(names(second))
    filtered = client.get("/admin/users?q=pupil&role=learner&page=2").get_data(as_text=True)
    assert "q=pupil" in filtered and "role=learner" in filtered and "找到 54 人" in filtered


@pytest.mark.parametrize("page, shown", [("-1", 1), ("abc", 1), ("0", 1), ("", 1), ("1.5", 1),
                                         ("999999", 2), ("9" * 400, 2), ("２", 1)])
def test_any_page_number_gives_a_page(client, admin, page, shown):
    for n in range(50):
        make_user(username=f"many{n:03d}")
    response = client.get(f"/admin/users?page={page}")
    assert response.status_code == 200
    assert f"第 {shown} 页，共 2 页" in response.get_data(as_text=True)


def test_a_search_that_finds_nobody_says_so(client, admin):
    response = client.get("/admin/users?q=nobody-here")
    assert response.status_code == 200 and "没有找到" in response.get_data(as_text=True)
    assert "第 1 页" not in response.get_data(as_text=True)


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_people(client, admin):
    def count_for(n: int) -> int:
        org = make_org()
        for _ in range(n):
            make_learner(make_cohort(org))
        client.get("/admin/users")
        with counting_statements(db) as statements:
            assert client.get("/admin/users").status_code == 200
        return len(statements)

    few = count_for(3)
    many = count_for(27)
    assert few == many, (few, many)
    assert few <= 6


def test_hostile_names_are_escaped_in_the_list_and_the_confirm_pages(client, admin):
    village = make_org(name="村" + HOSTILE[:20])
    learner = make_learner(make_cohort(village), display_name=HOSTILE, username="hostile_l")
    for url in ("/admin/users", f"/admin/users?q={learner.username}", f"/admin/users/{learner.id}/password",
                f"/admin/users/{learner.id}/deactivate"):
        html = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url
    made = confirm(client, f"/admin/users/{learner.id}/password")
    card = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "<img src=x" not in card and "&lt;img src=x" in card
    response = confirm(client, f"/admin/users/{learner.id}/deactivate")
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<img src=x" not in flashed and "&lt;img src=x" in flashed


# ---- a new sign-in card -----------------------------------------------------------------------

def test_a_new_card_ends_the_old_password_and_every_session(app, client, admin):
    mentor = make_user(Role.MENTOR, org=make_org(), username="old_mentor", display_name="老导师")
    phone = app.test_client()
    assert sign_in(phone, mentor).status_code == 303
    url = f"/admin/users/{mentor.id}/password"
    page = client.get(url).get_data(as_text=True)
    assert "要给老导师换一张新登录卡吗？" in page and "old_mentor" in page and "立即失效" in page
    assert post_form(client, url, {}, token_from=url).status_code == 200    # no confirm=yes: asks again
    assert signed_in(phone)                                                  # nothing happened yet
    made = confirm(client, url)
    assert made.status_code == 303 and made.headers["Location"] == f"/admin/users/{mentor.id}/card"
    response = client.get(made.headers["Location"])
    assert response.status_code == 200
    otp = OTP_RE.search(response.get_data(as_text=True)).group(1)
    assert "old_mentor" in response.get_data(as_text=True)
    assert not signed_in(phone)                                              # signed out everywhere
    assert sign_in(app.test_client(), mentor, PASSWORD).status_code == 400   # the old password is gone
    fresh = app.test_client()
    assert sign_in(fresh, mentor, otp).status_code == 303
    assert fresh.get("/mentor/").headers["Location"].endswith("/auth/password")  # must choose one now
    again = sign_in(app.test_client(), mentor, otp)
    assert again.status_code == 400 and "已经用过" in again.get_data(as_text=True)


def test_an_admin_cannot_reset_their_own_password_here(app, client, admin):
    url = f"/admin/users/{admin.id}/password"
    for send in (client.get, lambda u: confirm(client, u)):
        response = send(url)
        assert response.status_code == 303
        assert "这是你自己的账号" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert sign_in(app.test_client(), admin).status_code == 303   # the password still works
    assert signed_in(client)


def test_a_card_for_a_deactivated_account_says_it_must_be_reactivated(client, admin):
    learner = make_learner()
    confirm(client, f"/admin/users/{learner.id}/deactivate")
    page = client.get(f"/admin/users/{learner.id}/password").get_data(as_text=True)
    assert "这个账号已停用" in page


# ---- deactivate and reactivate ----------------------------------------------------------------

def test_deactivating_signs_the_account_out_at_once_and_refuses_sign_in(app, client, admin):
    learner = make_learner(display_name="张学员")
    phone = app.test_client()
    assert sign_in(phone, learner).status_code == 303
    headers = api_headers(app.test_client(), learner)
    url = f"/admin/users/{learner.id}/deactivate"
    page = client.get(url).get_data(as_text=True)
    assert "要停用张学员的账号吗？" in page and "立即退出登录" in page
    assert phone.get("/learn/").status_code == 200                  # the question changes nothing
    response = confirm(client, url)
    assert response.status_code == 303
    assert "张学员的账号已停用" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = phone.get("/learn/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401
    refused = sign_in(app.test_client(), learner)
    assert refused.status_code in (400, 401) and "这个账号已停用" in refused.get_data(as_text=True)
    assert db.session.scalar(select(UserSession.id).where(UserSession.user_id == learner.id)) is None
    assert "已停用" in client.get(f"/admin/users?q={learner.username}").get_data(as_text=True)

    again = client.get(url)                                          # already deactivated: says so
    assert again.status_code == 303
    reactivate = post_form(client, f"/admin/users/{learner.id}/reactivate", {}, token_from="/admin/users")
    assert reactivate.status_code == 303
    assert "张学员可以重新登录了" in client.get(reactivate.headers["Location"]).get_data(as_text=True)
    assert sign_in(app.test_client(), learner).status_code == 303
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401   # old token stays dead
    assert phone.get("/learn/").status_code == 302                   # and so does the old session


def test_an_admin_cannot_deactivate_themselves(client, admin):
    url = f"/admin/users/{admin.id}/deactivate"
    for send in (client.get, lambda u: confirm(client, u)):
        response = send(url)
        assert response.status_code == 303
        assert "不能停用自己的账号" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active_account and signed_in(client)
    assert f"/admin/users/{admin.id}/deactivate" not in client.get("/admin/users").get_data(as_text=True)


def test_reactivating_needs_the_form_token(client, admin):
    learner = make_learner()
    confirm(client, f"/admin/users/{learner.id}/deactivate")
    client.post(f"/admin/users/{learner.id}/reactivate", data={})
    db.session.refresh(learner)
    assert not learner.is_active_account
    token = csrf_token(client, "/admin/users")
    assert client.post(f"/admin/users/{learner.id}/reactivate", data={"csrf_token": token}).status_code == 303
    db.session.refresh(learner)
    assert learner.is_active_account
    # reactivating an active account is harmless
    assert client.post(f"/admin/users/{learner.id}/reactivate", data={"csrf_token": token}).status_code == 303


# ---- who may, and which ids ----------------------------------------------------------------------

ROUTES = ["/admin/users", "/admin/users/{id}/password", "/admin/users/{id}/deactivate"]


@pytest.mark.parametrize("role", ["learner", "mentor", "teacher"])
def test_other_roles_get_403_and_change_nothing(app, client, login_as, role):
    target = make_learner()
    login_as(role)
    token = csrf_token(client, "/auth/password")
    for url in ROUTES + ["/admin/users/{id}/reactivate"]:
        url = url.format(id=target.id)
        if not url.endswith("reactivate"):
            assert client.get(url).status_code == 403, url
        if url != "/admin/users":
            assert client.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 403, url
    db.session.refresh(target)
    assert target.is_active_account and sign_in(app.test_client(), target).status_code == 303


def test_signed_out_visitors_go_to_sign_in(client):
    target = make_learner()
    for url in ROUTES:
        response = client.get(url.format(id=target.id))
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("user_id", ["999999", "9223372036854775808"])
def test_unknown_and_out_of_range_ids_are_404(client, admin, user_id):
    token = csrf_token(client, "/admin/users")
    for url in ROUTES[1:] + ["/admin/users/{id}/reactivate"]:
        url = url.format(id=user_id)
        if not url.endswith("reactivate"):
            assert client.get(url).status_code == 404, url
        assert client.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 404, url


def test_the_admin_home_links_to_people_and_the_catalog(client, admin):
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/users"' in html and 'href="/admin/catalog"' in html
    assert db.session.scalar(select(User.id).where(User.id == admin.id))
