"""Task briefs are Markdown, shown as the lessons are: rendered (bold, lists, links to lessons)
and sanitized, never as raw `**stars**` and never running what the text smuggles in."""

from __future__ import annotations

import re

from sqlalchemy import select

from lms.models import Task

HOSTILE = ("请写一个**商品标题**和一段*商品详情*。<b onclick=alert(0)>粗</b>\n\n"
           "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n"
           "- 先读[第二课](lesson:demo-two)\n- [别点](javascript:alert(3))\n")


def brief_section(html: str) -> str:
    match = re.search(r'<div class="brief">(.*?)</div>', html, re.DOTALL)
    assert match, "no brief on the page"
    return match.group(1)


def test_brief_markdown_is_rendered_and_sanitized(client, db, synced, login_as):
    login_as("learner")
    version = db.session.scalar(select(Task).where(Task.slug == "demo-copy")).current
    version.definition = {**version.definition,
                          "brief": {**version.definition["brief"], "text": HOSTILE}}
    db.session.commit()
    html = client.get("/learn/tasks/demo-copy").get_data(as_text=True)
    brief = brief_section(html)
    assert "<strong>商品标题</strong>" in brief and "<em>商品详情</em>" in brief
    assert "**" not in brief
    assert '<a href="/learn/lessons/demo-two"' in brief and "<li>" in brief
    for smuggled in ("<script", "alert(1)", "<img", "onerror", "onclick", "<b", 'href="javascript'):
        assert smuggled not in brief, smuggled


def test_no_brief_in_the_catalog_shows_markdown_stars(client, real_synced, login_as):
    login_as("learner")
    briefed = [t for t in real_synced.tasks.values() if t.brief]
    assert sum("**" in t.brief.text for t in briefed) >= 10       # the real catalog uses bold
    for task in briefed:
        brief = brief_section(client.get(f"/learn/tasks/{task.slug}").get_data(as_text=True))
        assert "**" not in brief, task.slug
        if "**" in task.brief.text:
            assert "<strong>" in brief, task.slug
