"""On a 360×740 phone an admin finds a learner, confirms a new sign-in card and reads its
one-time password, which then signs the learner in; the list, the confirmation and the card
fit the screen, in zh and en. Also deactivation through its confirmation page."""

from __future__ import annotations

import re

import pytest

from tests.conftest import (
    assert_fits_phone,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


def open_phone(browser, lang: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    return context, context.new_page()


@pytest.mark.parametrize("lang, words", [
    ("zh-CN", {"search": "搜索", "card": "新登录卡", "yes": "确定，换新登录卡", "title": "乡商学堂登录卡",
               "off": "停用王秀英的账号", "yes_off": "确定，停用", "done": "已停用", "found": "找到 1 人"}),
    ("en", {"search": "Search", "card": "New sign-in card", "yes": "Yes, make a new card",
            "title": "Xiangshang Academy sign-in card", "off": "Deactivate 王秀英", "yes_off": "Yes, deactivate",
            "done": "Deactivated", "found": "1 found"}),
])
def test_search_then_a_new_card_then_deactivate_on_a_phone(app, live_server, browser, lang, words, tmp_path):
    village = make_org(name="石门村")
    admin = make_user(username="site_admin", display_name="平台管理员", role="admin")
    learner = make_learner(make_cohort(village), username="wangxiuying", display_name="王秀英",
                           phone="13800138001")
    make_learner(make_cohort(village), username="hostile_one", display_name=HOSTILE)
    for n in range(12):
        make_learner(make_cohort(village), username=f"other{n:02d}", display_name=f"乡亲{n:02d}")

    context, page = open_phone(browser, lang)
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", admin.login_name)
    page.fill("input[name=password]", "test-pass-123")
    page.click("button.primary")
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server}/admin/users")
    assert HOSTILE in page.inner_text("main")                 # shown as text, not run as markup
    assert page.locator("main img").count() == 0
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"users-{lang}.png"), full_page=True)

    page.fill("input[name=q]", "0013 8001")
    with page.expect_navigation():
        page.get_by_role("button", name=words["search"]).tap()
    assert words["found"] in page.inner_text("main") and "王秀英" in page.inner_text("main")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.get_by_role("link", name=words["card"]).tap()
    assert "王秀英" in page.inner_text("h1") and "wangxiuying" in page.inner_text("main")
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"confirm-{lang}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name=words["yes"]).tap()
    assert page.inner_text("h1") == words["title"]
    assert_fits_phone(page)
    assert page.locator("button[data-print]").is_visible()   # print.js ran under the CSP
    otp = re.search(r"\b(\d{8})\b", page.inner_text(".signin-card")).group(1)
    page.screenshot(path=str(tmp_path / f"card-{lang}.png"), full_page=True)
    assert sign_in(app.test_client(), learner, otp).status_code == 303

    page.get_by_role("link", name=re.compile("回到人员列表|Back to the user list")).tap()
    page.wait_for_url("**/admin/users?q=wangxiuying")
    with page.expect_navigation():
        page.get_by_role("link", name=words["off"], exact=True).tap()
    assert_fits_phone(page)
    with page.expect_navigation():
        page.get_by_role("button", name=words["yes_off"]).tap()
    assert page.locator(".flash.success").is_visible() and words["done"] in page.inner_text(".people")
    assert_fits_phone(page)
    context.close()
