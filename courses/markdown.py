"""Lesson Markdown: plain-text length, link and heading checks, and safe HTML rendering."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from courses.model import Lesson

LinkFor = Callable[[str, str], "str | None"]
"""link_for(kind, slug) -> URL, where kind is "lesson" or "task"; None drops the link."""

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
INTERNAL_LINK = re.compile(r"^(lesson|task):([^\s/?#]*)$")
WHITESPACE = re.compile(r"\s+")


def _parser(html: bool) -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": html}).enable(["table", "strikethrough"])


# Parse with raw HTML recognised so that it can be reported and dropped, never rendered.
_CHECKER = _parser(html=True)
_RENDERER = _CHECKER


@dataclass(frozen=True)
class ContentLink:
    """A lesson:/task: link found in a file, checked once the whole catalog is known."""

    file: str
    line: int
    kind: str
    slug: str


@dataclass(frozen=True)
class BodyFacts:
    """What validation needs to know about a lesson body; lines are 0-based within the body."""

    chars: int
    example_heading: bool
    links: tuple[tuple[int, str, str], ...]   # (line, kind, slug) for lesson:/task: links
    bad_links: tuple[tuple[int, str], ...]     # (line, href) for other non-web schemes
    raw_html: tuple[int, ...]                  # lines with raw HTML


def plain_text(tokens: list[Token]) -> str:
    """The text a reader sees, without Markdown markup."""
    parts: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            parts.extend(c.content for c in tok.children or [] if c.type in ("text", "code_inline"))
        elif tok.type in ("fence", "code_block"):
            parts.append(tok.content)
    return "".join(parts)


def count_chars(markdown: str) -> int:
    """Characters of a Markdown text, counted without markup and whitespace."""
    return len(WHITESPACE.sub("", plain_text(_CHECKER.parse(markdown))))


def inspect_body(markdown: str) -> BodyFacts:
    """Length, worked-example heading, links and raw HTML of a lesson body."""
    tokens = _CHECKER.parse(markdown)
    example = False
    links: list[tuple[int, str, str]] = []
    bad: list[tuple[int, str]] = []
    html: list[int] = []
    for i, tok in enumerate(tokens):
        start = tok.map[0] if tok.map else 0
        if tok.type == "heading_open" and i + 1 < len(tokens):
            example = example or tokens[i + 1].content.strip().startswith("例子")
        if tok.type == "html_block":
            html.append(start)
        if tok.type != "inline":
            continue
        line = start
        for child in tok.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                html.append(line)
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                match = INTERNAL_LINK.match(href)
                if match:
                    links.append((line, match.group(1), match.group(2)))
                elif ":" in href.split("/")[0] and not href.startswith(("http:", "https:", "mailto:")):
                    bad.append((line, href))
    chars = len(WHITESPACE.sub("", plain_text(tokens)))
    return BodyFacts(chars, example, tuple(links), tuple(bad), tuple(html))


def _drop_raw_html(tokens: list[Token]) -> list[Token]:
    """Remove raw HTML blocks and inline tags (the validator reports them)."""
    for tok in tokens:
        if tok.type == "inline" and tok.children:
            tok.children = [c for c in tok.children if c.type != "html_inline"]
    return [t for t in tokens if t.type != "html_block"]


def _resolve_links(tokens: list[Token], link_for: LinkFor) -> None:
    """Rewrite lesson:/task: hrefs through `link_for`; unresolved links become plain text."""
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        kept: list[Token] = []
        dropping = False
        for child in tok.children:
            if child.type == "link_open":
                match = INTERNAL_LINK.match(str(child.attrGet("href") or ""))
                if match:
                    url = link_for(match.group(1), match.group(2))
                    if url is None:
                        dropping = True
                        continue
                    child.attrSet("href", url)
            elif child.type == "link_close" and dropping:
                dropping = False
                continue
            kept.append(child)
        tok.children = kept


def render_markdown(markdown: str, link_for: LinkFor) -> str:
    """Markdown to sanitized HTML (raw HTML dropped), resolving lesson:/task: links."""
    env: dict = {}
    tokens = _drop_raw_html(_RENDERER.parse(markdown, env))
    _resolve_links(tokens, link_for)
    html = _RENDERER.renderer.render(tokens, _RENDERER.options, env)
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Keep a small safe tag set; drop scripts, event handlers and non-web URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_lesson_html(lesson: Lesson, link_for: LinkFor) -> str:
    """A lesson body as safe HTML; `link_for(kind, slug)` gives the URL of a lesson or task."""
    return render_markdown(lesson.body, link_for)
