"""The kind registry: everything the tutor knows about copy, reply and livestream, in one place.

A kind is one KindSpec: which input fields the learner writes, where a plain string goes, which
rubric criteria it can score, its default rubric and required information, how its Document is
built, its extra metrics, and how the LLM prompt and rewrite check see it. Adding a kind is one
`register_kind(KindSpec(...))` plus a rules module registering its rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from tutor.fields import fail, segments_field, text_field
from tutor.rules.base import Document, Field
from tutor.rules.live import delivery_metrics
from tutor.rules.title import title_max_bytes
from tutor.text import join_segments, title_bytes

Rubric = tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class KindSpec:
    """One kind of practice work and how every part of the tutor treats it."""

    name: str
    input_fields: tuple[str, ...]    # learner-written fields of the input JSON
    text_key: str                    # where a plain string input goes
    criteria: tuple[str, ...]        # rubric criterion ids this kind can score
    default_rubric: Rubric
    default_required_info: tuple[str, ...]
    label_zh: str
    label_en: str
    build: Callable[[Document, dict], None]  # fill doc.fields (and message/segments) from input
    metrics: Callable[[Document], dict[str, Any]] | None = None
    context_fields: tuple[str, ...] = ()     # non-learner fields read from input or brief
    accepts_audio: bool = False              # input may be a recording, transcribed first
    rubric_for: Callable[[Document], Rubric] | None = None  # default rubric chosen per document
    prompt_label: str = ""                   # how the LLM prompt names the work
    rewrite_hint: str = ""                   # how the LLM should shape its rewrite
    render: Callable[[dict], str] | None = None           # input → plain text for the prompt
    rewrite_input: Callable[[str, Any], dict] | None = None  # LLM rewrite → this kind's input

    def rubric(self, doc: Document) -> list[dict[str, Any]]:
        """The default rubric for this document (a fresh list the caller may keep)."""
        chosen = self.rubric_for(doc) if self.rubric_for else self.default_rubric
        return [dict(item) for item in chosen]

    def label(self, en: bool) -> str:
        """The kind's name for learner-facing messages."""
        return self.label_en if en else self.label_zh


_SPECS: dict[str, KindSpec] = {}
KIND_SPECS: Mapping[str, KindSpec] = MappingProxyType(_SPECS)


def register_kind(spec: KindSpec) -> KindSpec:
    """Add a kind to the registry (a ValueError if the name is taken)."""
    if spec.name in _SPECS:
        raise ValueError(f"kind {spec.name} is already registered")
    _SPECS[spec.name] = spec
    return spec


def unregister_kind(name: str) -> None:
    """Remove a kind (tests that register a toy kind clean up with this)."""
    _SPECS.pop(name, None)


def kind_spec(name: Any) -> KindSpec:
    """The spec of kind `name`; InputError (zh + en) for an unknown kind."""
    spec = _SPECS.get(name) if isinstance(name, str) else None
    if spec is None:
        names_zh = "、".join(_SPECS)
        names_en = ", ".join(_SPECS)
        raise fail(f"不支持的类型“{name}”，只能是 {names_zh}。",
                   f"Unknown kind \"{name}\"; use one of {names_en}.")
    return spec


# --- copy -------------------------------------------------------------------------------------

_TITLE_LINE = re.compile(r"^\s*(?:标题|Title)\s*[:：]\s*(.+?)\s*(?:\n|$)", re.IGNORECASE)


def _build_copy(doc: Document, data: dict) -> None:
    title = text_field(data.get("title"), "title", required=False)
    if title is not None and title.strip():
        doc.fields.append(Field("title", title))
    doc.fields.append(Field("body", text_field(data.get("body"), "body")))


def _copy_metrics(doc: Document) -> dict[str, Any]:
    title = doc.field_named("title")
    return {"title_bytes": title_bytes(title.text)[-1] if title else 0,
            "title_max_bytes": title_max_bytes(doc)}


def _copy_rubric(doc: Document) -> Rubric:
    if doc.field_named("title"):
        return COPY.default_rubric
    return ({"id": "compliance", "weight": 35}, {"id": "information", "weight": 35},
            {"id": "specificity", "weight": 30})


def _render_copy(payload: dict) -> str:
    parts = [f"标题：{payload['title']}"] if payload.get("title") else []
    parts.append(f"正文：{payload.get('body', '')}")
    return "\n".join(parts)


def _copy_rewrite(rewrite: str, original: Any) -> dict:
    match = _TITLE_LINE.match(rewrite)
    if match:
        return {"title": match.group(1), "body": rewrite[match.end():].strip() or match.group(1)}
    return {"body": rewrite}


COPY = register_kind(KindSpec(
    name="copy", input_fields=("title", "body"), text_key="body",
    criteria=("compliance", "information", "title", "specificity"),
    default_rubric=({"id": "compliance", "weight": 30}, {"id": "information", "weight": 30},
                    {"id": "title", "weight": 15}, {"id": "specificity", "weight": 25}),
    default_required_info=("origin", "spec", "freshness", "storage", "shipping"),
    label_zh="商品文案", label_en="product copy",
    build=_build_copy, metrics=_copy_metrics, rubric_for=_copy_rubric,
    prompt_label="product listing copy (商品标题和详情)",
    rewrite_hint=' For copy, write the rewrite as "标题：…" on the first line, then the body.',
    render=_render_copy, rewrite_input=_copy_rewrite))


# --- reply ------------------------------------------------------------------------------------

def _build_reply(doc: Document, data: dict) -> None:
    doc.message = text_field(data.get("message"), "message", required=False) or doc.brief.get("message")
    doc.fields.append(Field("reply", text_field(data.get("reply"), "reply")))


def _reply_metrics(doc: Document) -> dict[str, Any]:
    from tutor.rules.reply import message_type  # late: the rules import the kind registry's module

    return {"message_length": len(doc.message or ""), "message_type": message_type(doc)}


def _reply_rewrite(rewrite: str, original: Any) -> dict:
    message = original.get("message", "") if isinstance(original, dict) else ""
    return {"message": message or "（顾客消息）", "reply": rewrite}


REPLY = register_kind(KindSpec(
    name="reply", input_fields=("reply",), text_key="reply", context_fields=("message",),
    criteria=("compliance", "empathy", "solution"),
    default_rubric=({"id": "compliance", "weight": 20}, {"id": "empathy", "weight": 40},
                    {"id": "solution", "weight": 40}),
    default_required_info=(),
    label_zh="客服回复", label_en="customer-service reply",
    build=_build_reply, metrics=_reply_metrics,
    prompt_label="a customer-service reply to a buyer (客服回复)",
    rewrite_hint=" For reply, the rewrite is the reply only.",
    render=lambda p: f"买家消息：{p.get('message', '')}\n客服回复：{p.get('reply', '')}",
    rewrite_input=_reply_rewrite))


# --- livestream -------------------------------------------------------------------------------

def _build_livestream(doc: Document, data: dict) -> None:
    if "segments" in data:
        doc.segments = segments_field(data["segments"])
        text, doc.offsets = join_segments(doc.segments)
        doc.fields.append(Field("text", text))
    else:
        doc.fields.append(Field("text", text_field(data.get("text"), "text")))


def _livestream_metrics(doc: Document) -> dict[str, Any]:
    d = delivery_metrics(doc)
    out: dict[str, Any] = {"timed": doc.segments is not None, "spoken_chars": d["units"],
                           "filler_count": d["filler_count"], "filler_per_100": d["filler_per_100"],
                           "pace_cpm": d["pace_cpm"], "speaking_seconds": d["speaking_seconds"]}
    if doc.segments is not None:
        segs = doc.segments
        out["duration"] = round(float(segs[-1]["end"]) - float(segs[0]["start"]), 2)
        out["segments"] = len(segs)
        out["pauses"] = {"count": len(d["pauses"]),
                         "longest": max((g for _, g in d["pauses"]), default=0.0)}
        out["longest_gap"] = max((round(float(b["start"]) - float(a["end"]), 2)
                                  for a, b in pairwise(segs)), default=0.0)
    return out


def _render_livestream(payload: dict) -> str:
    if payload.get("segments"):
        return "\n".join(
            f"[{float(s.get('start', 0)):.1f}s–{float(s.get('end', 0)):.1f}s] {s.get('text', '')}"
            for s in payload["segments"])
    return str(payload.get("text", ""))


LIVESTREAM = register_kind(KindSpec(
    name="livestream", input_fields=("text",), text_key="text",
    criteria=("compliance", "information", "specificity", "structure", "delivery"),
    default_rubric=({"id": "compliance", "weight": 25}, {"id": "information", "weight": 15},
                    {"id": "specificity", "weight": 15}, {"id": "structure", "weight": 25},
                    {"id": "delivery", "weight": 20}),
    default_required_info=("origin", "spec", "price"),
    label_zh="直播话术", label_en="livestream script",
    build=_build_livestream, metrics=_livestream_metrics, accepts_audio=True,
    prompt_label="a mock livestream script or transcript (直播话术)",
    rewrite_hint=" For livestream, the rewrite is a short spoken script.",
    render=_render_livestream, rewrite_input=lambda rewrite, original: {"text": rewrite}))

BUILTIN_KINDS: tuple[str, ...] = ("copy", "livestream", "reply")
