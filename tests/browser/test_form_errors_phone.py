"""On a 360×740 phone a form that comes back with an error comes back scrolled to that form: the
message is on screen, not 2,700 px below the top of a long group page (seen in a walk-through)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.clock import local_today
from tests.conftest import assert_fits_phone, make_learner
from tests.helpers import mini_group

pytestmark = pytest.mark.browser


def on_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 740


@pytest.mark.parametrize("lang, words", [
    ("zh-CN", {"group": "布置给全组", "error": "请选择一个任务或一节课。", "give": "布置给王秀英"}),
    ("en", {"group": "Assign to the group", "error": "Please choose a task or a lesson.", "give": "Assign to 王秀英"}),
])
def test_an_assign_form_with_nothing_ticked_comes_back_with_its_message_on_screen(
        app, live_server, browser, lang, words):
    mentor, cohort, _tasks = mini_group()
    learners = [make_learner(cohort, display_name=name) for name in ("王秀英", "李四", "张三", "赵六", "钱七")]
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", mentor.login_name)
    page.fill("input[name=password]", "test-pass-123")
    page.click("button.primary")
    page.wait_for_url("**/mentor/")
    for url, button in ((f"/cohorts/{cohort.id}", words["group"]),
                        (f"/cohorts/{cohort.id}/learners/{learners[0].id}", words["give"])):
        page.goto(f"{live_server}{url}")
        page.fill("input[name=note]", "周五前")
        page.fill("form[novalidate] input[name=due]", (local_today() + timedelta(days=3)).isoformat())
        with page.expect_navigation():
            page.get_by_role("button", name=button).tap()
        assert page.locator("em.err", has_text=words["error"]).count() == 1
        assert on_screen(page, "em.err"), page.evaluate("window.scrollY")
        assert page.input_value("input[name=note]") == "周五前"          # nothing typed is lost
        assert_fits_phone(page)
    context.close()
