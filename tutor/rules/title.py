"""Title rules: byte length (CJK counts 2) and keyword stuffing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tutor.rules.base import Document, finding, register
from tutor.rules.fit import example
from tutor.text import title_bytes

DEFAULT_TITLE_MAX_BYTES = 60
_WORDY = re.compile(r"[\u3400-\u9fffa-z]")


def title_max_bytes(doc: Document) -> int:
    """The brief's title_max_bytes, default 60."""
    return int(doc.brief.get("title_max_bytes") or DEFAULT_TITLE_MAX_BYTES)


@register("title.too_long", kinds=("copy",))
def check_too_long(doc: Document) -> Iterator[dict]:
    """Title over the byte limit; the span is the part past the limit."""
    fld = doc.field_named("title")
    if fld is None or not fld.text:
        return
    limit, widths = title_max_bytes(doc), title_bytes(fld.text)
    if widths[-1] <= limit:
        return
    start = next(i for i, w in enumerate(widths) if w > limit)
    yield finding(
        doc, "title.too_long", fld, start, len(fld.text),
        (f"标题有 {widths[-1]} 字节，超过 {limit} 字节（汉字算 2 个），平台会截断或拒绝。",
         f"The title is {widths[-1]} bytes, over the {limit}-byte limit (a CJK character counts 2)."),
        (f"把标题压到 {limit} 字节以内（约 {limit // 2} 个汉字）：只留“产地+品名+规格+卖点”，删掉重复词和“{fld.text[start:]}”这类多余部分。",
         f"Cut the title to {limit} bytes: keep origin + product + spec + one selling point."))


def _stuffed_word(title: str) -> tuple[str, int] | None:
    """The longest word (2-6 chars) that occurs 3+ times without overlap, with its count."""
    best: tuple[str, int] | None = None
    for size in range(2, 7):
        grams = Counter(title[i:i + size] for i in range(len(title) - size + 1))
        for gram, overlapping in grams.most_common():
            if overlapping < 3:
                break
            if not all(_WORDY.match(ch) for ch in gram):
                continue
            count = len(re.findall(re.escape(gram), title))
            if count >= 3 and (best is None or len(gram) > len(best[0])):
                best = (gram, count)
                break
    return best


@register("title.keyword_stuffing", kinds=("copy",))
def check_keyword_stuffing(doc: Document) -> Iterator[dict]:
    """The same word of 2+ characters three or more times in the title; every repeat is marked."""
    fld = doc.field_named("title")
    if fld is None:
        return
    view = fld.normalized.compact
    hit = _stuffed_word(view.text)
    if hit is None:
        return
    word, count = hit
    spans = [view.span(m.start(), m.end()) for m in re.finditer(re.escape(word), view.text)]
    shown = fld.text[spans[0][0]:spans[0][1]]
    spec, origin = example(doc, "spec"), example(doc, "origin")
    for k, (s, e) in enumerate(spans):
        if k == 0:
            yield finding(
                doc, "title.keyword_stuffing", fld, s, e,
                (f"标题里“{shown}”重复了 {count} 次，属于堆砌关键词，平台会降权。",
                 f"\"{shown}\" appears {count} times in the title: keyword stuffing."),
                (f"“{shown}”只保留一次，空出的位置写规格或产地，例如{spec}、{origin}。",
                 f"Keep \"{shown}\" once and use the space for spec or origin, e.g. {spec}, {origin}."))
        else:
            yield finding(
                doc, "title.keyword_stuffing", fld, s, e,
                (f"“{fld.text[s:e]}”又出现了一次（第 {k + 1} 次）。",
                 f"\"{fld.text[s:e]}\" again (time {k + 1})."), ("", ""))
