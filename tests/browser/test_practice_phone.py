"""A learner on a 360×740 phone writes copy, submits, sees the findings highlighted, revises from
the feedback page and sees the second score in the history; typed text survives a reload."""

from __future__ import annotations

import pytest

from courses.loader import load_catalog
from lms.services.catalog import sync_catalog
from tests.conftest import PASSWORD, assert_fits_phone, make_learner
from tests.helpers import BAD_COPY, GOOD_COPY, MINI

pytestmark = pytest.mark.browser


def sign_in(phone, base: str, learner) -> None:
    phone.goto(f"{base}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button.primary")
    phone.wait_for_url("**/learn/**")


def test_write_submit_read_highlights_revise_and_improve(live_server, phone, tmp_path):
    sync_catalog(load_catalog(MINI))
    learner = make_learner()
    sign_in(phone, live_server, learner)
    phone.goto(f"{live_server}/learn/tasks/demo-copy")
    assert_fits_phone(phone)
    phone.fill("input[name=title]", BAD_COPY["title"])
    phone.fill("textarea[name=body]", BAD_COPY["body"])
    phone.reload()                                    # a reload never empties the form
    assert phone.input_value("textarea[name=body]") == BAD_COPY["body"]
    assert "未保存" in phone.inner_text(".savestate")
    phone.click("button[value=submit]")
    phone.wait_for_url("**/learn/submissions/*")
    assert_fits_phone(phone)
    marks = phone.locator("a.hl.error")
    assert marks.count() >= 3 and "治疗" in phone.inner_text(".mine >> nth=1")
    marks.first.click()                               # tap a mark: its message and fix
    assert phone.locator(".findings li:target").is_visible()
    assert "改法" in phone.inner_text(".findings li:target")
    phone.screenshot(path=str(tmp_path / "feedback-zh.png"), full_page=True)
    phone.click("text=修改后再交")
    phone.wait_for_url("**/learn/tasks/demo-copy?from=*")
    assert phone.input_value("textarea[name=body]") == BAD_COPY["body"]
    phone.fill("input[name=title]", GOOD_COPY["title"])
    phone.fill("textarea[name=body]", GOOD_COPY["body"])
    phone.click("button[value=submit]")
    phone.wait_for_url("**/learn/submissions/*")
    assert "通过" in phone.inner_text(".result") and "得分 100" in phone.inner_text(".result")
    assert phone.locator("svg.trend circle").count() == 2
    history = phone.inner_text(".history")
    assert "第 1 次" in history and "第 2 次" in history
    assert_fits_phone(phone)
    phone.goto(f"{live_server}/learn/tasks/demo-copy")   # the local copy was confirmed and dropped
    assert phone.evaluate("Object.keys(localStorage).length") == 0
