"""Staff actions that one more tap cannot undo ask first: a new sign-in card, taking an
assignment back, closing a group. The link (GET) or a bare POST only shows what will happen;
only the confirmation page's button (POST with confirm=yes and the CSRF token) does it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Role
from lms.services import assignments
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
from tests.helpers import mini_group

HOSTILE = "<img src=x onerror=alert(1)>"
HUGE, MISSING = 9223372036854775808, 999999
OTP_RE = re.compile(r'<dd class="code big">(\d{8})</dd>')


@pytest.fixture(autouse=True)
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def group(app):
    """A mentor signed in with a group, a learner with a known password and one assignment."""
    mentor, cohort, tasks = mini_group()
    learner = make_learner(cohort, display_name="李大妈")
    task = tasks["demo-copy"]
    assignment = assignments.do_assign(mentor, cohort, task.id, local_today() + timedelta(days=3))
    return {"mentor": mentor, "cohort": cohort, "learner": learner, "assignment": assignment,
            "task": task}


def urls(group) -> dict[str, str]:
    base = f"/cohorts/{group['cohort'].id}"
    return {"card": f"{base}/learners/{group['learner'].id}/card",
            "remove": f"{base}/assignments/{group['assignment'].id}/delete",
            "close": f"{base}/close"}


def password_works(app, learner, password: str = PASSWORD) -> bool:
    return sign_in(app.test_client(), learner, password).status_code == 303


def assignment_count() -> int:
    return db.session.scalar(select(func.count(Assignment.id)))


def is_open(cohort) -> bool:
    db.session.refresh(cohort)
    return cohort.is_open


def confirm_form(html: str, action: str) -> str:
    """The confirmation page's form: posts to the action with confirm=yes and a CSRF token."""
    match = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.DOTALL)
    assert match and match.group(1) == action, html[:2000]
    assert 'name="confirm" value="yes"' in match.group(2) and 'name="csrf_token"' in match.group(2)
    return match.group(2)


def cancel_href(html: str) -> str:
    match = re.search(r'<a class="btn" href="([^"]+)">Cancel</a>', html)
    assert match, html[:2000]
    return match.group(1)


# ---- each action: asking changes nothing, confirming does it, cancel goes back -----------------

def test_new_card_asks_first_then_replaces_the_password(app, client, group):
    sign_in(client, group["mentor"])
    url, cohort, learner = urls(group)["card"], group["cohort"], group["learner"]
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert f'href="{url}"' in page                       # the list offers a link, not a one-tap form
    assert f'action="{url}"' not in page

    asked = client.get(url)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Make a new sign-in card for 李大妈?" in html
    assert f"username {learner.login_name}, group {cohort.name}" in html
    assert "current password stops working at once" in html
    confirm_form(html, url)
    assert cancel_href(html) == f"/cohorts/{cohort.id}#learners"
    assert "One-time password" not in html
    # a bare POST (an old page's button, a replayed form) also only asks
    bare = post_form(client, url, {}, token_from=f"/cohorts/{cohort.id}")
    assert bare.status_code == 200 and "Make a new sign-in card" in bare.get_data(as_text=True)
    no = post_form(client, url, {"confirm": "no"}, token_from=f"/cohorts/{cohort.id}")
    assert no.status_code == 200 and "One-time password" not in no.get_data(as_text=True)
    assert password_works(app, learner)

    card = post_form(client, url, {"confirm": "yes"}, token_from=url, follow_redirects=True)
    html = card.get_data(as_text=True)
    assert card.status_code == 200 and "One-time password" in html
    otp = OTP_RE.search(html).group(1)
    assert not password_works(app, learner)
    assert password_works(app, learner, otp)
    assert client.get(cancel_href(asked.get_data(as_text=True))).status_code == 200


def test_taking_an_assignment_back_asks_first(app, client, group):
    sign_in(client, group["mentor"])
    url, cohort = urls(group)["remove"], group["cohort"]
    assert f'href="{url}"' in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    asked = client.get(url)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert f"Take back “{group['task'].title_en or group['task'].title}” from {cohort.name}?" in html
    assert group["assignment"].due_on.isoformat() in html and "is kept" in html
    confirm_form(html, url)
    assert cancel_href(html) == f"/cohorts/{cohort.id}#assignments"
    assert post_form(client, url, {}, token_from=url).status_code == 200
    assert assignment_count() == 1

    done = post_form(client, url, {"confirm": "yes"}, token_from=url)
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/cohorts/{cohort.id}#assignments")
    assert assignment_count() == 0
    assert client.get(url).status_code == 404                       # gone: nothing left to confirm
    assert post_form(client, url, {"confirm": "yes"}, token_from=f"/cohorts/{cohort.id}").status_code == 404


def test_closing_a_group_asks_first_and_opening_is_one_tap(app, client, group):
    sign_in(client, group["mentor"])
    url, cohort = urls(group)["close"], group["cohort"]
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert f'href="{url}"' in page
    asked = client.get(url)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert f"Close {cohort.name} to new members?" in html and cohort.join_code in html
    confirm_form(html, url)
    assert cancel_href(html) == f"/cohorts/{cohort.id}"
    assert post_form(client, url, {}, token_from=url).status_code == 200
    assert is_open(cohort)

    done = post_form(client, url, {"confirm": "yes"}, token_from=url)
    assert done.status_code == 303 and not is_open(cohort)
    again = post_form(client, url, {"confirm": "yes"}, token_from=url)  # a double tap: still closed
    assert again.status_code == 303 and not is_open(cohort)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "is closed to new members" in page and f'action="/cohorts/{cohort.id}/open"' in page
    opened = post_form(client, f"/cohorts/{cohort.id}/open", {}, token_from=f"/cohorts/{cohort.id}")
    assert opened.status_code == 303 and is_open(cohort)


def test_the_confirmation_needs_the_csrf_token(app, client, group):
    sign_in(client, group["mentor"])
    for name, url in urls(group).items():
        response = client.post(url, data={"confirm": "yes"})
        assert response.status_code == 303, name                    # the expired-form redirect
    assert password_works(app, group["learner"]) and assignment_count() == 1
    assert is_open(group["cohort"])


# ---- names are escaped; ids out of range and other people's objects are 404 ----------------------

def test_a_hostile_name_is_escaped_on_the_confirmation_and_the_card(app, client):
    mentor, cohort, _ = mini_group()
    cohort.name = HOSTILE
    db.session.commit()
    learner = make_learner(cohort, display_name=HOSTILE)
    sign_in(client, mentor)
    url = f"/cohorts/{cohort.id}/learners/{learner.id}/card"
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    for response in (client.get(url), client.get(f"/cohorts/{cohort.id}/close"),
                     post_form(client, url, {"confirm": "yes"}, token_from=url, follow_redirects=True)):
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<img" not in html and "onerror=alert(1)>" not in html
        assert escaped in html


@pytest.mark.parametrize("bad", [HUGE, MISSING])
def test_ids_out_of_range_or_missing_are_404(client, group, bad):
    sign_in(client, group["mentor"])
    cohort, learner, a = group["cohort"].id, group["learner"].id, group["assignment"].id
    targets = [f"/cohorts/{bad}/learners/{learner}/card", f"/cohorts/{cohort}/learners/{bad}/card",
               f"/cohorts/{bad}/assignments/{a}/delete", f"/cohorts/{cohort}/assignments/{bad}/delete",
               f"/cohorts/{bad}/close", f"/cohorts/{bad}/open"]
    token = csrf_token(client, f"/cohorts/{cohort}")
    for url in targets:
        if not url.endswith("/open"):
            assert client.get(url).status_code == 404, url
        assert client.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 404, url
    assert password_works(client.application, group["learner"]) and assignment_count() == 1


def test_a_mentor_of_another_village_gets_404_and_changes_nothing(app, client, group):
    stranger = make_user(Role.MENTOR, org=make_org())
    make_cohort(stranger.org, staff=stranger)
    sign_in(client, stranger)
    token = csrf_token(client, "/mentor/")
    for url in urls(group).values():
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url
        assert client.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 404, url
    assert password_works(app, group["learner"]) and assignment_count() == 1
    assert is_open(group["cohort"])


def test_a_learner_of_another_of_my_groups_is_not_found_through_this_group(app, client, group):
    """The confirmation and the card name the group in the URL: the learner must be in it."""
    second = make_cohort(group["cohort"].org, staff=group["mentor"])
    other = make_learner(second)
    sign_in(client, group["mentor"])
    url = f"/cohorts/{group['cohort'].id}/learners/{other.id}/card"
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"confirm": "yes"}, token_from="/mentor/").status_code == 404
    assert password_works(app, other)
    assert client.get(f"/cohorts/{second.id}/learners/{other.id}/card").status_code == 200


def test_the_confirmation_pages_are_translated(client, group):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    sign_in(client, group["mentor"])
    u = urls(group)
    card = client.get(u["card"]).get_data(as_text=True)
    assert "要给李大妈换一张新登录卡吗？" in card and "确定，换新登录卡" in card and "取消" in card
    assert "确定撤回" in client.get(u["remove"]).get_data(as_text=True)
    assert "停止新成员加入吗？" in client.get(u["close"]).get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [(None, 302), (Role.LEARNER, 403), (Role.TEACHER, 404),
                                              (Role.ADMIN, 200)])
def test_who_sees_the_confirmation_pages(app, group, role, status):
    client = app.test_client()
    if role is not None:
        org = make_org() if role == Role.TEACHER else None
        assert sign_in(client, make_user(role, org=org)).status_code == 303
    for url in urls(group).values():
        assert client.get(url).status_code == status, (role, url)
