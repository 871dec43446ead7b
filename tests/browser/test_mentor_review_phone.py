"""On a 360×740 phone a mentor opens the review queue, reads a flagged submission, overrides its
score with a reason and a comment, then gives the learner a task and a lesson of their own with a
note; the learner sees the comment and the note, opens the lesson (its due date and the note on
top) and marks it done. No sideways scroll on any page, zh and en."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Lesson
from tests.conftest import assert_fits_phone, make_learner, sign_in
from tests.helpers import BAD_COPY, mini_group, submit

pytestmark = pytest.mark.browser


def open_phone(browser, lang: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    return context, context.new_page()


@pytest.mark.parametrize("lang, words", [
    ("zh-CN", {"queue": "待审阅：1", "save": "保存审阅", "yes": "已通过", "give": "布置给王秀英",
               "mentor": "导师的点评", "note": "给你的说明：", "due": "截止日期", "done": "标记为已学完",
               "read": "已学完"}),
    ("en", {"queue": "To review: 1", "save": "Save review", "yes": "Passed", "give": "Assign to 王秀英",
            "mentor": "From your mentor", "note": "Note for you:", "due": "Due", "done": "Mark as done",
            "read": "done"}),
])
def test_review_override_and_a_personal_task_on_a_phone(app, live_server, browser, lang, words, tmp_path):
    mentor, cohort, tasks = mini_group()
    learner = make_learner(cohort, display_name="王秀英")
    writer = app.test_client()
    assert sign_in(writer, learner).status_code == 303
    attempt_url = submit(writer, "demo-copy", BAD_COPY).headers["Location"]

    context, page = open_phone(browser, lang)
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", mentor.login_name)
    page.fill("input[name=password]", "test-pass-123")
    page.click("button.primary")
    page.wait_for_url("**/mentor/")
    page.get_by_role("link", name=words["queue"]).tap()
    page.wait_for_url("**/reviews")
    assert_fits_phone(page)
    page.locator("a.name", has_text="王秀英").tap()
    page.wait_for_url("**/reviews/*")
    assert "治疗高血压" in page.inner_text("main")
    assert_fits_phone(page)
    page.fill("textarea[name=comment]", "把“治疗高血压”删掉，别的都写得很好。")
    page.fill("input[name=score]", "75")
    page.select_option("select[name=passed]", "yes")
    page.fill("input[name=reason]", "只差功效词")
    page.screenshot(path=str(tmp_path / f"review-{lang}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name=words["save"]).tap()
    assert page.url.split("#")[0].endswith("/reviews") and page.locator(".flash.success").is_visible()

    page.goto(f"{live_server}/cohorts/{cohort.id}/learners/{learner.id}")
    page.locator("#assigned details.all > summary").tap()           # the courses, then the one with the task
    reply = f"input[name=task][value='{tasks['demo-reply'].id}']"
    page.locator(f"#assigned details.choose:not(.all):has({reply}) > summary").tap()
    page.locator(f"#assigned {reply}").check()
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "demo-two"))
    page.locator(f"#assigned input[name=lesson][value='{lesson.id}']").check()
    assert_fits_phone(page)
    page.fill("#assigned input[name=due]", (local_today() + timedelta(days=4)).isoformat())
    page.fill("#assigned input[name=note]", "先读第二课")
    with page.expect_navigation():
        page.get_by_role("button", name=words["give"]).tap()
    assert "先读第二课" in page.inner_text("#assigned")
    assert_fits_phone(page)
    context.close()

    context, phone = open_phone(browser, lang)
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", "test-pass-123")
    phone.click("button.primary")
    phone.wait_for_url("**/learn/**")
    assert words["note"] in phone.inner_text("#assigned") and "先读第二课" in phone.inner_text("#assigned")
    phone.locator("#assigned a[href$='/learn/lessons/demo-two']").tap()
    phone.wait_for_url("**/learn/lessons/demo-two")
    due = (local_today() + timedelta(days=4)).isoformat()
    assert f"{words['due']} {due}" in phone.inner_text("main") and "先读第二课" in phone.inner_text("main")
    assert_fits_phone(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name=words["done"]).tap()
    phone.goto(f"{live_server}/learn/")
    item = phone.locator("#assigned li", has=phone.locator("a[href$='/learn/lessons/demo-two']"))
    assert words["read"] in item.locator(".tag").inner_text()
    phone.goto(f"{live_server}{attempt_url}")
    mentor_box = phone.locator("#mentor").inner_text()
    assert words["mentor"] in mentor_box and "75" in mentor_box and "别的都写得很好" in mentor_box
    assert_fits_phone(phone)
    phone.screenshot(path=str(tmp_path / f"learner-feedback-{lang}.png"), full_page=True)
    context.close()
