"""Word lists from tutor/data/*.yaml compiled into matchers over the compact text view."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tutor.text import Normalized, PhraseSet

DATA = Path(__file__).resolve().parent.parent / "data"
_LEET = str.maketrans("0134578@$", "oieastbas")


@dataclass(frozen=True)
class Hit:
    """A matched span in the original text."""

    start: int
    end: int


class Lexicon:
    """Literal terms + regex patterns, minus exception phrases, matched on `compact`."""

    def __init__(self, data: dict[str, Any]):
        self.code: str = data["code"]
        self.message: dict[str, str] = data["message"]
        self.suggestion: dict[str, str] = data["suggestion"]
        self.terms = PhraseSet(_fold_all(data.get("terms", [])))
        self.exceptions = PhraseSet(_fold_all(data.get("exceptions", [])))
        self.patterns = [re.compile(p) for p in data.get("patterns", [])]
        # Patterns that need separators (an ID after "V:"), matched on the norm view.
        self.norm_patterns = [re.compile(p) for p in data.get("norm_patterns", [])]
        self.leet = bool(data.get("leet", False))

    def _raw(self, text: str) -> list[tuple[int, int]]:
        """Unfiltered hits in one view's text."""
        spans = [(s, e) for s, e, _ in self.terms.finditer(text)]
        views = (text, text.translate(_LEET)) if self.leet else (text,)
        for pattern in self.patterns:
            for view in views:
                spans += [m.span() for m in pattern.finditer(view) if m.end() > m.start()]
        return spans

    def find(self, normalized: Normalized, extra: list[tuple[int, int]] = (),
             keep: Callable[[Normalized, int, int], bool] | None = None) -> list[Hit]:
        """Matches as original-text spans, exceptions removed, overlaps merged.

        `extra` are compact-view spans found by a rule's own detector (grammar, not a list);
        they go through the same exceptions and merging as the list's matches. `keep`, if
        given, is asked about every compact span (a negated claim is a disclaimer).
        """
        view = normalized.compact
        text = view.text
        blocked = [(s, e) for s, e, _ in self.exceptions.finditer(text)]
        raw = self._raw(text) + list(extra)
        if self.norm_patterns:
            raw += _to_compact(normalized, [m.span() for p in self.norm_patterns
                                            for m in p.finditer(normalized.norm.text)])
        spans = sorted(sp for sp in raw if not _overlaps(blocked, sp)
                       and (keep is None or keep(normalized, *sp)))
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return [Hit(*view.span(s, e)) for s, e in merged]

    def text_for(self, key: str, en: bool, excerpt: str, **fill: str) -> str:
        """The message or suggestion in the learner's language, with the excerpt (and any
        product-fitted examples such as {facts}) filled in."""
        table = self.message if key == "message" else self.suggestion
        return table["en" if en else "zh"].format(excerpt=excerpt, **fill)


def _overlaps(blocked: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether `span` overlaps one of the sorted, non-overlapping `blocked` spans."""
    k = bisect_left(blocked, (span[1],))  # first blocked span starting at or after span's end
    return k > 0 and blocked[k - 1][1] > span[0]


def _to_compact(normalized: Normalized, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Convert norm-view spans to compact-view spans (via original offsets)."""
    index = normalized.compact.index  # ascending original offsets
    out = []
    for s, e in spans:
        a, b = normalized.norm.span(s, e)
        first, last = bisect_left(index, a), bisect_left(index, b)
        if first < last:
            out.append((first, last))
    return out


def _fold_all(words: list[str]) -> list[str]:
    """Fold list entries the way the compact view folds text."""
    return [Normalized(w).compact.text for w in words]


@cache
def load(name: str) -> Lexicon:
    """Load and compile tutor/data/<name>.yaml once per process."""
    with open(DATA / f"{name}.yaml", encoding="utf-8") as fh:
        return Lexicon(yaml.safe_load(fh))


@cache
def load_words(name: str) -> dict[str, list[str]]:
    """Load a plain word-list YAML (mapping of list name -> words)."""
    with open(DATA / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
