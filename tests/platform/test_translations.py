"""Chinese UI text uses full-width punctuation: no ASCII : ( ) , ? ! ; next to a Chinese
character, in the zh catalog or in the page text around the learners' content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from courses.loader import load_catalog
from lms.services.catalog import sync_catalog
from tests.conftest import make_learner, sign_in

ROOT = Path(__file__).resolve().parents[2]
ZH_PO = ROOT / "lms/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
MINI = ROOT / "tests/courses/fixtures/mini"

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"   # CJK punctuation, ideographs, full-width
HALF = re.escape(":(),?!;")
HALF_NEXT_TO_CJK = re.compile(rf"[{CJK}]\s*[{HALF}]|[{HALF}]\s*[{CJK}]")
# Not prose: format placeholders, URLs and the HTTP header the API messages quote.
NOT_PROSE = re.compile(r"%\(\w+\)[sd]|%[sd%]|https?://\S+|Authorization: Bearer <token>")


def half_width(text: str) -> list[str]:
    """The ASCII punctuation marks in `text` that touch a Chinese character, in context."""
    prose = NOT_PROSE.sub("x", text)
    return [prose[max(m.start() - 4, 0):m.end() + 4] for m in HALF_NEXT_TO_CJK.finditer(prose)]


def test_the_checker_finds_half_width_marks_and_leaves_code_alone():
    assert half_width("推荐你上: 基础班") and half_width("(测验)") and half_width("好吗?")
    assert half_width("%(n)s 名学员,请看") and half_width("注意;")
    assert not half_width("推荐你上：%(track)s") and not half_width("已完成 %(p)s%%（共 3 课）")
    assert not half_width("请先登录：请求头需带 Authorization: Bearer <token>。")
    assert not half_width("见 https://example.com/a(b)，谢谢") and not half_width("Score (max 100): 90")


def test_chinese_catalog_uses_full_width_punctuation():
    with ZH_PO.open("rb") as fh:
        catalog = read_po(fh)
    bad = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found = [hit for s in strings if s for hit in half_width(s)]
        if message.id and found:
            bad[str(message.id)] = found
    assert not bad, f"ASCII punctuation next to Chinese (use ：（），？！；): {bad}"


def page_text(html: str, *content: str) -> str:
    """The visible text of a page without the elements that hold authors' content."""
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.DOTALL)
    for pattern in content:
        html = re.sub(pattern, " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def learner_client(app, client):
    sync_catalog(load_catalog(MINI))
    sign_in(client, make_learner())
    return client


def test_lesson_page_chrome_uses_full_width_punctuation(learner_client):
    html = learner_client.get("/learn/lessons/demo-one").get_data(as_text=True)
    assert "下一课：" in html                                  # Next: <title>, as one Chinese string
    text = page_text(html, r'<article class="card lesson".*?</article>', r'<aside class="card keys".*?</aside>')
    assert half_width(text) == []


def test_task_brief_chrome_uses_full_width_punctuation(learner_client):
    html = learner_client.get("/learn/tasks/demo-reply").get_data(as_text=True)
    text = page_text(html, r'<div class="brief">.*?</div>', r"<blockquote>.*?</blockquote>")
    assert half_width(text) == []
