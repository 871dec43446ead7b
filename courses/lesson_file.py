"""Parse and validate one lesson file `<lesson>.md` (YAML front matter + Markdown body)."""
from __future__ import annotations

from dataclasses import replace

from courses.errors import Reporter
from courses.fields import Fields
from courses.markdown import ContentLink, inspect_body
from courses.model import Lesson, content_hash
from courses.yamlsrc import parse_yaml

MIN_CHARS, MAX_CHARS = 400, 1200


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, 0-based line where the body starts), or None without front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 1
    return None


def parse_lesson(
    text: str, reporter: Reporter, slug: str, track: str, course: str
) -> tuple[Lesson | None, list[ContentLink]]:
    """Validate a lesson file; returns the lesson (None on any error) and its internal links."""
    parts = split_front_matter(text)
    if parts is None:
        reporter.error(1, "lesson must start with YAML front matter between two '---' lines")
        return None, []
    front, body, body_start = parts
    data = parse_yaml(front, reporter, offset=1)
    if reporter.count:
        return None, []
    f = Fields(reporter, data, "front matter", 2)
    title, title_en = f.text("title"), f.text("title_en")
    minutes = f.integer("minutes", 1, 30)
    key_points = f.texts("key_points", 2, 6)
    f.done()
    facts = inspect_body(body)
    first = _first_text_line(body) + body_start + 1
    if not MIN_CHARS <= facts.chars <= MAX_CHARS:
        reporter.error(
            first,
            f"lesson body has {facts.chars} characters; it must have {MIN_CHARS}–{MAX_CHARS} "
            "(counted without Markdown markup and whitespace)",
        )
    if not facts.example_heading:
        reporter.error(first, "lesson needs a worked example: a heading that starts with '例子'")
    for line in facts.raw_html:
        reporter.error(line + body_start + 1, "raw HTML is not allowed in lessons; use Markdown")
    for line, href in facts.bad_links:
        reporter.error(line + body_start + 1, f"link '{href}' must be http(s), lesson: or task:")
    links = [ContentLink(reporter.file, ln + body_start + 1, k, s) for ln, k, s in facts.links]
    if reporter.count:
        return None, links
    lesson = Lesson(
        slug=slug, title=title, title_en=title_en, track=track, course=course, minutes=minutes,
        key_points=key_points, body=body, chars=facts.chars, file=reporter.file,
    )
    return replace(lesson, content_hash=content_hash(lesson.hash_payload())), links


def _first_text_line(body: str) -> int:
    """0-based index of the first non-blank body line."""
    for i, line in enumerate(body.splitlines()):
        if line.strip():
            return i
    return 0
