"""A mentor on a 360×740 phone uploads a class list, reads the preview, confirms, waits on the
import's status page (it refreshes itself, no script needed) while the worker creates the
accounts, and gets the sheet of sign-in cards; in Chinese and in English, with no sideways scroll."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Membership, OrgKind, Role
from tests.conftest import PASSWORD, assert_fits_phone, make_cohort, make_org, make_user

pytestmark = pytest.mark.browser

LIST = ("姓名,手机号,用户名\n王秀英,13800138000,\n李建国,,lijianguo\n"
        "<img src=x onerror=alert(1)>,,\n欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜,13900139000,\n").encode("gbk")


@pytest.mark.parametrize("lang, words", [
    ("zh-CN", ("导入名单", "将创建的账号：4 个", "已创建的账号：4 个", "一次性密码", "等待创建 4 个账号")),
    ("en", ("Import a class list", "Accounts to create: 4", "Accounts created: 4", "One-time password",
            "Waiting to create 4 accounts")),
])
def test_a_mentor_imports_a_class_list_on_a_phone(live_server, browser, app, lang, words, tmp_path, start_worker):
    mentor = make_user(Role.MENTOR, org=make_org(OrgKind.VILLAGE), username="roster_mentor")
    cohort = make_cohort(mentor.org, staff=mentor)
    heading, to_create, created, otp_label, waiting = words
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", mentor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/mentor/")

    page.goto(f"{live_server}/cohorts/{cohort.id}")
    page.locator(f"a[href='/cohorts/{cohort.id}/roster']").tap()
    page.wait_for_url(f"**/cohorts/{cohort.id}/roster")
    assert page.get_by_role("heading", name=heading).is_visible()
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"upload-{lang}.png"), full_page=True)

    page.set_input_files("input[type=file]", files=[{"name": "名单.csv", "mimeType": "text/csv", "buffer": LIST}])
    with page.expect_navigation():
        page.locator("form[enctype] button.primary").tap()
    assert to_create in page.inner_text("main")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("main")       # shown as text
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"preview-{lang}.png"), full_page=True)

    with page.expect_navigation():
        page.locator("form[action$='/roster/import'] button").tap()
    assert re.search(rf"/cohorts/{cohort.id}/roster/imports/\d+$", page.url)  # no worker yet: it waits
    assert waiting in page.inner_text("main")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"status-{lang}.png"), full_page=True)
    status_url = page.url
    start_worker()
    page.wait_for_selector(".roster-cards .signin-card", timeout=90_000)    # the page refreshed itself
    assert page.url == status_url
    assert created in page.inner_text("main")
    cards = page.locator(".roster-cards .signin-card")
    assert cards.count() == 4
    assert otp_label in cards.first.inner_text() and "13800138000" in cards.first.inner_text()
    broken = page.evaluate("""() => [...document.querySelectorAll('.roster-cards dd.big')].filter(dd => {
        const range = document.createRange(); range.selectNodeContents(dd);
        return range.getClientRects().length > 1; }).map(dd => dd.textContent)""")
    assert broken == [], f"login, phone or password broken over lines: {broken}"
    assert page.locator("[data-print]").is_visible()                        # print.js ran
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"cards-{lang}.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".top").is_hidden() and page.locator("[data-print]").is_hidden()
    page.emulate_media(media="screen")

    page.reload()                                                           # the same cards again
    assert page.url == status_url and page.locator(".roster-cards .signin-card").count() == 4
    db.session.commit()   # end the test's read transaction: see what the server committed
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id)) == 5
    assert alerts == []
    context.close()
