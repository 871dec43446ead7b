"""The page header fits one line at 360 px in Chinese and in English: the name, the language
switch and "sign out" each on one line, nothing cut short, no sideways scrolling."""

from __future__ import annotations

import pytest

from courses.loader import load_catalog
from lms.services.catalog import sync_catalog
from tests.conftest import PASSWORD, assert_fits_phone, make_learner
from tests.helpers import MINI

pytestmark = pytest.mark.browser

# For each header link/button: its text, how many lines the text takes, and whether it is cut.
HEADER_LINES = """() => [...document.querySelectorAll('header.top a, header.top button')].map(e => {
  const range = document.createRange();
  range.selectNodeContents(e);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return {text: e.textContent.trim(), lines: tops.size, cut: e.scrollWidth > e.clientWidth};
})"""


def header(page) -> list[dict]:
    items = page.evaluate(HEADER_LINES)
    assert len(items) == 3, items        # the name, the language switch, sign out
    return items


@pytest.mark.parametrize("path", ["/learn/", "/learn/lessons/demo-one"])
def test_header_is_one_line_at_360px_in_chinese_and_english(live_server, phone, path):
    sync_catalog(load_catalog(MINI))
    learner = make_learner()
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button.primary")
    phone.wait_for_url("**/learn/")
    phone.goto(f"{live_server}{path}")
    seen = {}
    for lang, switch in (("zh-CN", "English"), ("en", "中文")):
        assert phone.get_attribute("html", "lang") == lang
        items = header(phone)
        assert [i for i in items if i["lines"] != 1 or i["cut"]] == [], items
        assert items[1]["text"] == switch
        assert_fits_phone(phone)
        seen[lang] = [i["text"] for i in items]
        phone.click("header.top button[name=lang]")
        phone.wait_for_load_state()
    assert seen["en"] == ["Xiangshang Academy", "中文", "Sign out"], seen
