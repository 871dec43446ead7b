"""Every password box is masked, has a working "显示密码" toggle, and never submits in clear;
the pages run under the Content-Security-Policy without a single violation (issue 9 items 2, 10)."""

from __future__ import annotations

import pytest

from lms.models import Role
from tests.conftest import PASSWORD, assert_fits_phone, make_cohort, make_learner, make_user

pytestmark = pytest.mark.browser

CSP_WATCH = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("input[name=login]", user.login_name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def _check_password_boxes(page, expected: int, show: str, hide: str) -> None:
    boxes = page.locator("input[name][autocomplete$=password]")
    assert boxes.count() == expected
    types = page.evaluate("() => [...document.querySelectorAll('input')].map(i => i.type)")
    assert "None" not in types and types.count("password") == expected
    for i in range(expected):
        box = boxes.nth(i)
        assert box.evaluate("e => e.type") == "password"
        toggle = page.locator("button.show-pw").nth(i)
        assert toggle.is_visible() and toggle.inner_text() == show
        box.fill("mi-ma-123")
        toggle.click()
        assert box.evaluate("e => e.type") == "text" and toggle.inner_text() == hide
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert box.evaluate("e => e.type") == "password" and toggle.inner_text() == show
    assert_fits_phone(page)


@pytest.mark.parametrize("lang, show, hide", [("zh-CN", "显示密码", "隐藏密码"), ("en", "Show password", "Hide password")])
def test_signed_out_password_boxes_are_masked_with_a_toggle(live_server, browser, lang, show, hide, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True)
    page = context.new_page()
    page.add_init_script(f"({CSP_WATCH})()")
    page.goto(f"{live_server}/auth/login")
    _check_password_boxes(page, 1, show, hide)
    page.screenshot(path=str(tmp_path / f"login-{lang}.png"), full_page=True)
    page.goto(f"{live_server}/auth/register")
    _check_password_boxes(page, 1, show, hide)
    assert page.locator("input[name=phone]").get_attribute("inputmode") == "tel"
    assert page.evaluate("window.__csp") == []
    context.close()


def test_a_shown_password_is_masked_again_before_the_form_is_sent(live_server, phone):
    learner = make_learner()
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button.show-pw")
    assert phone.evaluate("document.querySelector('input[name=password]').type") == "text"
    phone.click("button.primary")
    phone.wait_for_url("**/learn/**")


def test_change_password_and_the_admin_staff_form_mask_every_password(live_server, phone, browser):
    learner = make_learner()
    phone.add_init_script(f"({CSP_WATCH})()")
    _sign_in(phone, live_server, learner)
    phone.goto(f"{live_server}/auth/password")
    _check_password_boxes(phone, 2, "显示密码", "隐藏密码")
    assert phone.evaluate("window.__csp") == []
    admin = make_user(Role.ADMIN)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.add_init_script(f"({CSP_WATCH})()")
    _sign_in(page, live_server, admin)
    page.goto(f"{live_server}/admin/")
    _check_password_boxes(page, 1, "显示密码", "隐藏密码")
    assert page.evaluate("window.__csp") == []
    context.close()


def test_javascript_off_leaves_boxes_masked_and_no_dead_toggle(live_server, browser):
    make_cohort()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    assert page.locator("input[name=password]").get_attribute("type") == "password"
    assert not page.locator("button.show-pw").is_visible()
    context.close()
