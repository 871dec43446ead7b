"""A new user signs in as every demo role on a phone-sized screen."""

import pytest

from tests.conftest import assert_fits_phone

pytestmark = pytest.mark.browser

HOMES = {"admin": "/admin/", "teacher1": "/school/", "mentor1": "/mentor/", "learner1": "/learn/"}


@pytest.fixture
def demo(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0


@pytest.mark.parametrize("username", list(HOMES))
def test_every_demo_role_signs_in_at_360px(live_server, phone, demo, username, tmp_path):
    phone.goto(f"{live_server}/")
    assert phone.url.endswith("/auth/login")
    assert_fits_phone(phone)
    phone.fill("input[name=login]", username)
    phone.fill("input[name=password]", "demo1234")
    phone.click("button.primary")
    phone.wait_for_url(f"**{HOMES[username]}")
    assert phone.locator("h1").first.is_visible()
    assert_fits_phone(phone)
    phone.screenshot(path=str(tmp_path / f"{username}.png"), full_page=True)


def test_wrong_password_shows_a_chinese_message_at_360px(live_server, phone, demo):
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", "learner1")
    phone.fill("input[name=password]", "wrong-password")
    phone.click("button.primary")
    assert phone.locator(".err").inner_text() == "用户名/手机号或密码不对。"
    assert phone.input_value("input[name=login]") == "learner1"  # what was typed is kept
    assert_fits_phone(phone)
