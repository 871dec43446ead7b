"""Lesson HTML is sanitized and lesson:/task: links resolve through the app's callback."""
from __future__ import annotations

from courses import load_catalog, render_lesson_html, render_markdown, sanitize_html


def link_for(kind: str, slug: str) -> str | None:
    """Known slugs get app URLs; unknown ones are dropped."""
    return f"/learn/{kind}s/{slug}" if slug.startswith("demo") else None


def test_internal_links_resolve_through_the_callback(mini):
    lesson = load_catalog(mini.root).lessons["demo-one"]
    html = render_lesson_html(lesson, link_for)
    assert '<a href="/learn/lessons/demo-two" rel="noopener noreferrer">定价</a>' in html
    assert '<a href="/learn/tasks/demo-copy" rel="noopener noreferrer">写文案</a>' in html
    assert "<h2>例子：王姐卖脐橙</h2>" in html
    assert "<ol>" in html


def test_unresolved_links_become_plain_text():
    html = render_markdown("看[这一课](lesson:gone)。", link_for)
    assert html.strip() == "<p>看这一课。</p>"


def test_script_tags_are_removed():
    html = render_markdown("你好\n\n<script>alert(1)</script>\n\n<b onclick='x()'>粗</b>", link_for)
    assert "script" not in html and "alert" not in html and "onclick" not in html
    assert "<b" not in html and "&lt;" not in html
    assert "你好" in html and "粗" in html


def test_javascript_links_are_not_links():
    html = render_markdown("[点我](javascript:alert(1)) [图](data:text/html;base64,xx)", link_for)
    assert "href" not in html and "javascript:" not in html.replace("[点我](javascript", "")


def test_raw_html_from_a_callback_or_other_source_is_sanitized():
    dirty = '<p>hi<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a>' \
            '<iframe src="https://evil"></iframe><style>p{}</style></p>'
    clean = sanitize_html(dirty)
    assert "onerror" not in clean and "javascript:" not in clean
    assert "<iframe" not in clean and "<style" not in clean and "p{}" not in clean


def test_callback_urls_with_bad_schemes_are_stripped():
    html = render_markdown("[x](task:demo-a)", lambda kind, slug: "javascript:alert(1)")
    assert "javascript:" not in html


def test_tables_and_emphasis_survive():
    html = render_markdown("**粗** *斜*\n\n| 平台 | 特点 |\n|---|---|\n| 拼多多 | 低价 |\n", link_for)
    assert "<strong>粗</strong>" in html and "<em>斜</em>" in html and "<td>拼多多</td>" in html
