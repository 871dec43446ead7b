"""Where a compact-view match sits: its clause and sentence, and what comes just before it.

The compact view drops punctuation so that "加 . 微 . 信" reads as 加微信; grammar rules still need
to know where a clause ends ("不要私下转账，" negates only its own clause), so clause and sentence
numbers are computed from the original text and looked up by compact index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tutor.text import Normalized

CLAUSE_END = set("，,；;。！？!?\n、：:…～~")
SENTENCE_END = set("。！？!?；;\n")
# Sentences that may run over newlines (a livestream transcript joins segments with "\n").
SENTENCE_END_SPOKEN = set("。！？!?；;")


def _numbers(normalized: Normalized, ends: set[str]) -> tuple[int, ...]:
    """For each compact character, how many boundary characters precede it in the original."""
    key = "_numbers_" + "".join(sorted(ends))
    cached = normalized.__dict__.get(key)
    if cached is None:
        counts, n = [], 0
        for ch in normalized.original:
            counts.append(n)
            if ch in ends:
                n += 1
        cached = tuple(counts[i] for i in normalized.compact.index)
        normalized.__dict__[key] = cached
    return cached


def clause_of(normalized: Normalized) -> tuple[int, ...]:
    """Clause number of each compact character."""
    return _numbers(normalized, CLAUSE_END)


def sentence_of(normalized: Normalized, spoken: bool = False) -> tuple[int, ...]:
    """Sentence number of each compact character (spoken: newlines do not end a sentence)."""
    return _numbers(normalized, SENTENCE_END_SPOKEN if spoken else SENTENCE_END)


def clause_before(normalized: Normalized, pos: int, limit: int = 12) -> str:
    """Compact text of the same clause before compact index `pos`, at most `limit` characters."""
    clauses = clause_of(normalized)
    text = normalized.compact.text
    start = max(0, pos - limit)
    if pos < len(clauses):
        while start < pos and clauses[start] != clauses[pos]:
            start += 1
    return text[start:pos]


def clause_after(normalized: Normalized, end: int, limit: int = 12) -> str:
    """Compact text of the same clause from compact index `end`, at most `limit` characters."""
    clauses = clause_of(normalized)
    text = normalized.compact.text
    if end >= len(text) or end == 0:
        return text[end:end + limit]
    stop = end
    while stop < min(len(text), end + limit) and clauses[stop] == clauses[end - 1]:
        stop += 1
    return text[end:stop]


def clause_text(normalized: Normalized, pos: int) -> str:
    """The whole compact clause that holds compact index `pos`."""
    clauses = clause_of(normalized)
    text = normalized.compact.text
    a = b = pos
    while a > 0 and clauses[a - 1] == clauses[pos]:
        a -= 1
    while b < len(text) and clauses[b] == clauses[pos]:
        b += 1
    return text[a:b]


def spans(pattern: re.Pattern, text: str, group: int | str = 0) -> Iterable[tuple[int, int]]:
    """Non-empty spans of one regex group over `text`."""
    for m in pattern.finditer(text):
        s, e = m.span(group)
        if e > s:
            yield s, e
