"""The course content and the tutor's feedback are Chinese whatever the interface language: on
an English page they carry lang="zh-CN", so a screen reader or the phone's read-aloud voice reads
them as Chinese (seen in a walk-through: the key points and the feedback had no lang)."""

from __future__ import annotations

import re

from tests.conftest import make_learner, sign_in
from tests.helpers import BAD_COPY, mini_group, submit


def test_on_an_english_page_the_chinese_content_and_feedback_say_they_are_chinese(app, client):
    _mentor, cohort, _tasks = mini_group()
    learner = make_learner(cohort)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert sign_in(client, learner).status_code == 303
    lesson = client.get("/learn/lessons/demo-one").get_data(as_text=True)
    assert '<html lang="en">' in lesson
    keys = lesson[lesson.index('class="card keys"'):]
    assert "Key points" in keys[:200] and re.search(r'<ul lang="zh-CN">\s*<li>', keys)
    page = client.get(submit(client, "demo-copy", BAD_COPY).headers["Location"]).get_data(as_text=True)
    findings = page[page.index('class="findings"'):page.index("</ol>", page.index('class="findings"'))]
    messages = re.findall(r'<span lang="zh-CN">([^<]+)</span>', findings)
    assert messages and all(re.search(r"[\u4e00-\u9fff]", m) for m in messages)
    assert re.search(r'<p lang="zh-CN">[^<]*[\u4e00-\u9fff]', page)            # each criterion's reason
    assert '<p class="pre mine" lang="zh-CN">' in page                          # the learner's own text
