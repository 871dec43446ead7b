"""Parse and validate one task file `tasks/<task>.yaml`."""
from __future__ import annotations

import re
from dataclasses import replace

from courses.errors import Reporter
from courses.fields import Fields
from courses.kinds import CONTENT_KINDS, ContentKind
from courses.markdown import ContentLink, inspect_body
from courses.model import (
    QUESTION_TYPES,
    REQUIRED_INFO,
    Brief,
    Exemplar,
    Option,
    Question,
    RubricCriterion,
    Task,
    content_hash,
)
from courses.yamlsrc import YList, parse_yaml

LEVELS = ("full", "partial", "none")
# The page marks multiple-choice questions itself; a marker typed into the prompt shows twice.
TYPED_MARKER = re.compile(r"[（(]\s*(多选|多选题|可多选|choose all that apply)\s*[）)]", re.IGNORECASE)


def parse_task(
    text: str, reporter: Reporter, slug: str, track: str, course: str
) -> tuple[Task | None, tuple[str, int] | None, list[ContentLink]]:
    """Validate a task file: (task or None on any error, `lesson:` reference, brief links)."""
    data = parse_yaml(text, reporter)
    if reporter.count:
        return None, None, []
    f = Fields(reporter, data, "task")
    kind = f.raw("kind")
    if kind is not None and kind not in CONTENT_KINDS:
        f.error("kind", f"'kind' must be one of {', '.join(CONTENT_KINDS)} (got {kind!r})")
        kind = None
    spec = CONTENT_KINDS[kind] if kind else None
    if kind:
        f.what = f"{kind} task"
    title, title_en = f.text("title"), f.text("title_en")
    lesson = f.slug("lesson", required=False)
    lesson_ref = (lesson, f.key_line("lesson")) if lesson else None
    pass_score = f.integer("pass_score", 0, 100)
    hints = f.texts("hints", 1, 5)
    mentor_review = f.boolean("mentor_review", required=False) or False
    questions: tuple[Question, ...] = ()
    brief = exemplar = None
    rubric: tuple[RubricCriterion, ...] = ()
    links: list[ContentLink] = []
    if spec and spec.self_graded:
        questions = _questions(f, reporter)
    elif spec:
        brief, links = _brief(f, reporter, spec)
        rubric = _rubric(f, reporter, spec)
        exemplar = _exemplar(f, reporter, spec)
    else:
        f.seen.update(f.m.keys())  # kind unknown: the other keys cannot be judged
    if mentor_review and spec and spec.self_graded:
        f.error("mentor_review", f"'mentor_review' is for tasks the tutor critiques; a {kind} grades itself")
    f.done()
    if reporter.count:
        return None, lesson_ref, links
    task = Task(
        slug=slug, kind=kind, title=title, title_en=title_en, track=track, course=course,
        pass_score=pass_score, hints=hints, lesson=lesson, questions=questions, brief=brief,
        rubric=rubric, exemplar=exemplar, mentor_review=mentor_review, file=reporter.file,
    )
    return replace(task, content_hash=content_hash(task.hash_payload())), lesson_ref, links


def _questions(f: Fields, r: Reporter) -> tuple[Question, ...]:
    items = f.items("questions", 3, 10) or YList()
    result, seen = [], set()
    for i, item in enumerate(items):
        q = Fields(r, item, f"question {i + 1}", items.lines[i])
        qid = q.ident()
        if qid is not None and qid in seen:
            q.error("id", f"duplicate question id '{qid}'")
        seen.add(qid)
        qtype = q.raw("type")
        if qtype is not None and qtype not in QUESTION_TYPES:
            q.error("type", f"'type' must be one of {', '.join(QUESTION_TYPES)} (got {qtype!r})")
            qtype = None
        prompt = q.text("prompt")
        if prompt and TYPED_MARKER.search(prompt):
            q.error("prompt", f"remove '{TYPED_MARKER.search(prompt).group(0)}' from the prompt: "
                              "the page marks multiple-choice questions itself")
        options = _options(q, r, qtype)
        q.done()
        if not q.failed:
            result.append(Question(qid, qtype, prompt, options))
    return tuple(result)


def _options(q: Fields, r: Reporter, qtype: str | None) -> tuple[Option, ...]:
    lo, hi = (2, 2) if qtype == "truefalse" else (2, 6)
    items = q.items("options", lo, hi) or YList()
    result, seen = [], []
    for i, item in enumerate(items):
        o = Fields(r, item, f"{q.what} option {i + 1}", items.lines[i])
        oid = o.ident()
        if oid is not None and oid in seen:
            o.error("id", f"duplicate option id '{oid}'")
        seen.append(oid)
        text, correct, explanation = o.text("text"), o.boolean("correct"), o.text("explanation")
        o.done()
        if not o.failed:
            result.append(Option(oid, text, correct, explanation))
    if q.failed or not qtype:
        return tuple(result)
    if qtype == "truefalse" and sorted(seen) != ["false", "true"]:
        q.error("options", "a truefalse question needs exactly the option ids true and false")
    n_correct = sum(o.correct for o in result)
    if qtype in ("single", "truefalse") and n_correct != 1:
        q.error("options", f"a {qtype} question needs exactly one correct option (has {n_correct})")
    if qtype == "multiple" and n_correct < 1:
        q.error("options", "a multiple question needs at least one correct option")
    return tuple(result)


def _brief(f: Fields, r: Reporter, spec: ContentKind) -> tuple[Brief | None, list[ContentLink]]:
    b = f.sub("brief")
    if b is None:
        return None, []
    text = b.text("text")
    links = _brief_links(b, text or "")
    product = b.text("product", required=spec.needs_product)
    facts = b.texts("facts", spec.min_facts, 20, required=not spec.facts_optional) or ()
    required_info: tuple[str, ...] = ()
    title_max = message = None
    if spec.has_required_info:
        required_info = b.texts("required_info", 1, len(REQUIRED_INFO), required=False) or ()
        for name in required_info:
            if name not in REQUIRED_INFO:
                b.error("required_info", f"unknown required_info name '{name}' (known: {', '.join(REQUIRED_INFO)})")
        if len(set(required_info)) != len(required_info):
            b.error("required_info", "'required_info' lists a name twice")
    if spec.has_title_limit:
        title_max = b.integer("title_max_bytes", 10, 200, required=False)
    if spec.has_message:
        message = b.text("message")
    b.done()
    return Brief(text, product, facts, required_info, title_max, message), links


def _brief_links(b: Fields, text: str) -> list[ContentLink]:
    """lesson:/task: links in the brief's Markdown; a block scalar starts on the next line."""
    raw = b.m.get("text")
    block = isinstance(raw, str) and raw.endswith("\n")
    start = b.key_line("text") + (1 if block else 0)
    facts = inspect_body(text)
    for line, href in facts.bad_links:
        b.r.error(start + line, f"brief: link '{href}' must be http(s), lesson: or task:")
    for line in facts.raw_html:
        b.r.error(start + line, "brief: raw HTML is not allowed; use Markdown")
    return [ContentLink(b.r.file, start + ln, kind, slug) for ln, kind, slug in facts.links]


def _rubric(f: Fields, r: Reporter, spec: ContentKind) -> tuple[RubricCriterion, ...]:
    items = f.items("rubric", 1, 8) or YList()
    allowed, kind = spec.rubric_ids, spec.name
    result, seen, total = [], set(), 0
    for i, item in enumerate(items):
        c = Fields(r, item, f"rubric criterion {i + 1}", items.lines[i])
        cid = c.raw("id")
        if cid is not None and cid not in allowed:
            c.error("id", f"rubric id {cid!r} is not valid for {kind} tasks (use {', '.join(allowed)})")
        elif cid is not None and cid in seen:
            c.error("id", f"duplicate rubric id '{cid}'")
        seen.add(cid)
        weight = c.integer("weight", 1, 100)
        total += weight or 0
        lv = c.sub("levels", f"rubric '{cid}' levels")
        levels = [lv.text(name) for name in LEVELS] if lv else [None] * 3
        if lv:
            lv.done()
        c.done()
        if not c.failed:
            result.append(RubricCriterion(cid, weight, *levels))
    if items and total != 100:
        f.error("rubric", f"rubric weights must add up to 100 (they add up to {total})")
    return tuple(result)


def _exemplar(f: Fields, r: Reporter, spec: ContentKind) -> Exemplar | None:
    e = f.sub("exemplar")
    if e is None:
        return None
    result = Exemplar(**{name: e.text(name) for name in spec.exemplar_fields})
    e.done()
    return result
