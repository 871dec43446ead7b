"""On a 360 px phone, with and without JavaScript: 新登录卡 asks first, then shows the card."""

import pytest

from lms.extensions import db
from lms.models import User
from tests.conftest import PASSWORD, assert_fits_phone, make_learner
from tests.helpers import mini_group

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def handset(request, browser):
    """A 360×740 Chinese phone page, with JavaScript on or off; window.print is recorded."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True,
                                  java_script_enabled=request.param)
    context.add_init_script("window.print = function () { window.__printed = true; };")
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    yield page, request.param
    context.close()


def test_a_new_card_is_confirmed_then_printed(live_server, handset, app, tmp_path):
    page, js = handset
    mentor, cohort, _ = mini_group()
    learner = make_learner(cohort, display_name="李大妈")
    old_hash = learner.password_hash

    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", mentor.login_name)
    page.fill("input[name=password]", PASSWORD)
    page.tap("button.primary")
    page.wait_for_url("**/mentor/")
    page.goto(f"{live_server}/cohorts/{cohort.id}")
    card_link = page.locator(f'a[href$="/learners/{learner.id}/card"]')
    assert card_link.inner_text() == "新登录卡"
    card_link.tap()

    page.wait_for_url(f"**/cohorts/{cohort.id}/learners/{learner.id}/card")
    assert page.locator("h1").inner_text() == "要给李大妈换一张新登录卡吗？"
    assert page.get_by_role("link", name="取消").is_visible()
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / "confirm.png"), full_page=True)
    db.session.expire_all()
    assert db.session.get(User, learner.id).password_hash == old_hash   # asking changed nothing

    page.get_by_role("button", name="确定，换新登录卡").tap()
    page.wait_for_selector(".signin-card")
    assert page.locator("h1").inner_text() == "乡商学堂登录卡"
    otp = page.locator(".signin-card dd.code.big").nth(1).inner_text()
    assert len(otp) == 8 and otp.isdigit()
    db.session.expire_all()
    assert db.session.get(User, learner.id).password_hash != old_hash
    page.screenshot(path=str(tmp_path / "card.png"), full_page=True)

    print_button = page.locator("button[data-print]")
    assert print_button.is_visible() == js             # without JavaScript: the browser's menu
    if js:
        print_button.tap()
        assert page.evaluate("window.__printed === true")
    assert page.csp_errors == []


def test_the_card_fits_a_phone(live_server, phone, app):
    mentor, cohort, _ = mini_group()
    learner = make_learner(cohort)
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", mentor.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.tap("button.primary")
    phone.wait_for_url("**/mentor/")
    phone.goto(f"{live_server}/cohorts/{cohort.id}/learners/{learner.id}/card")
    phone.get_by_role("button", name="确定，换新登录卡").tap()
    phone.wait_for_selector(".signin-card")
    assert_fits_phone(phone)
