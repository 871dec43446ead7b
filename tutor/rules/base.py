"""The rule registry, the document a rule reads, and the finding a rule returns."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from tutor.text import Normalized

# code -> (severity, criterion it counts against)
FINDING_CODES: dict[str, tuple[str, str]] = {
    "compliance.absolute_term": ("error", "compliance"),
    "compliance.medical_claim": ("error", "compliance"),
    "compliance.guarantee": ("error", "compliance"),
    "compliance.off_platform": ("error", "compliance"),
    "integrity.prompt_injection": ("error", "integrity"),
    "info.missing_origin": ("warning", "information"),
    "info.missing_spec": ("warning", "information"),
    "info.missing_freshness": ("warning", "information"),
    "info.missing_storage": ("warning", "information"),
    "info.missing_shipping": ("warning", "information"),
    "info.missing_price": ("warning", "information"),
    "title.too_long": ("warning", "title"),
    "title.keyword_stuffing": ("warning", "title"),
    "style.vague_claims": ("warning", "specificity"),
    "live.no_opening": ("warning", "structure"),
    "live.no_interaction": ("warning", "structure"),
    "live.no_call_to_action": ("warning", "structure"),
    "live.pace_too_fast": ("warning", "delivery"),
    "live.pace_too_slow": ("warning", "delivery"),
    "live.long_pause": ("warning", "delivery"),
    "live.filler_words": ("warning", "delivery"),
    "reply.no_empathy": ("warning", "empathy"),
    "reply.no_solution": ("warning", "solution"),
}


@dataclass
class Field:
    """One piece of learner text a finding can point into (title, body, reply, transcript)."""

    name: str
    text: str

    @cached_property
    def normalized(self) -> Normalized:
        """Matching views of this text, computed once."""
        return Normalized(self.text)


@dataclass
class Document:
    """Everything a rule needs: kind, learner text fields, brief, locale and timing."""

    kind: str
    fields: list[Field]
    brief: dict[str, Any] = field(default_factory=dict)
    locale: str = "zh_CN"
    segments: list[dict] | None = None  # timed livestream only
    offsets: list[int] = field(default_factory=list)  # segment start offsets in the transcript
    message: str | None = None  # the customer's message (reply)
    spec: Any = None  # the kind's tutor.kinds.KindSpec (criteria, default required info ...)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def en(self) -> bool:
        """True when messages should be in English."""
        return self.locale.lower().startswith("en")

    def field_named(self, name: str) -> Field | None:
        """The field called `name`, if present."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def main(self) -> Field:
        """The field absence findings point at (body, reply or transcript)."""
        return self.fields[-1]

    def time_at(self, offset: int) -> float | None:
        """Start time of the segment that holds transcript offset `offset`."""
        if not self.segments:
            return None
        k = max(0, bisect_right(self.offsets, offset) - 1)
        return float(self.segments[k]["start"])


def finding(doc: Document, code: str, fld: Field, start: int, end: int,
            message: tuple[str, str], suggestion: tuple[str, str], *,
            severity: str | None = None, t: float | None = None) -> dict[str, Any]:
    """Build one finding dict; message/suggestion are (zh, en) pairs."""
    out: dict[str, Any] = {
        "code": code,
        "severity": severity or FINDING_CODES[code][0],
        "field": fld.name,
        "start": start,
        "end": end,
        "excerpt": fld.text[start:end],
        "message": message[1] if doc.en else message[0],
        "suggestion": suggestion[1] if doc.en else suggestion[0],
    }
    if doc.segments is not None:
        out["t"] = t if t is not None else doc.time_at(start)
    return out


RuleFn = Callable[[Document], Iterable[dict]]


@dataclass(frozen=True)
class Rule:
    """A registry entry: the code a rule emits, the kinds it applies to, and the check.

    kinds=None: every kind whose spec scores the code's criterion (integrity: every kind), so a
    new kind with an "information" criterion gets the info rules without touching them.
    """

    code: str
    kinds: frozenset[str] | None
    check: RuleFn

    def applies_to(self, doc: Document) -> bool:
        """Whether this rule runs on `doc`."""
        if self.kinds is not None:
            return doc.kind in self.kinds
        criterion = FINDING_CODES[self.code][1]
        return criterion == "integrity" or criterion in doc.spec.criteria


REGISTRY: list[Rule] = []


def register(code: str, kinds: Iterable[str] | None = None) -> Callable[[RuleFn], RuleFn]:
    """Decorator: add a rule function to the registry under `code`."""
    if code not in FINDING_CODES:
        raise ValueError(f"unknown finding code {code}")

    def deco(fn: RuleFn) -> RuleFn:
        REGISTRY.append(Rule(code, None if kinds is None else frozenset(kinds), fn))
        return fn

    return deco
