"""Validate a learner's input and brief and turn them into a rules Document."""

from __future__ import annotations

import math
from typing import Any

from tutor.errors import InputError
from tutor.rules.base import KINDS, Document, Field
from tutor.rules.facts import INFO_ITEMS
from tutor.text import join_segments

MAX_CHARS = 20_000
TEXT_KEY = {"copy": "body", "livestream": "text", "reply": "reply"}  # where a plain string goes


def _fail(zh: str, en: str) -> InputError:
    """An InputError with Chinese and English messages."""
    return InputError(zh, message_en=en)


def _text(value: Any, name: str, *, required: bool = True) -> str | None:
    """A string field: present (if required), a str, and not blank."""
    if value is None:
        if required:
            raise _fail(f"缺少“{name}”字段。", f"Missing field \"{name}\".")
        return None
    if not isinstance(value, str):
        raise _fail(f"“{name}”必须是文字。", f"\"{name}\" must be a string.")
    if required and not value.strip():
        raise _fail(f"“{name}”是空的，请先写内容。", f"\"{name}\" is empty.")
    return value


def _number(value: Any, what: str) -> float:
    """A finite, non-negative number (segment times)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(f"{what}必须是数字（秒）。", f"{what} must be a number of seconds.")
    if value < 0:
        raise _fail(f"{what}不能是负数。", f"{what} must not be negative.")
    return float(value)


def _segments(raw: Any) -> list[dict]:
    """Validate timed segments: a non-empty list of {start, end, text} in time order."""
    if not isinstance(raw, list) or not raw:
        raise _fail("“segments”必须是非空列表。", "\"segments\" must be a non-empty list.")
    out, prev = [], 0.0
    for i, seg in enumerate(raw, 1):
        if not isinstance(seg, dict):
            raise _fail(f"第 {i} 段不是对象。", f"Segment {i} is not an object.")
        start = _number(seg.get("start"), f"第 {i} 段的 start")
        end = _number(seg.get("end"), f"第 {i} 段的 end")
        text = _text(seg.get("text"), f"segments[{i}].text", required=False)
        if text is None:
            raise _fail(f"第 {i} 段缺少 text。", f"Segment {i} has no text.")
        if end < start:
            raise _fail(f"第 {i} 段的结束时间早于开始时间。", f"Segment {i} ends before it starts.")
        if start < prev:
            raise _fail(f"第 {i} 段的时间早于上一段，请按时间顺序排列。",
                        f"Segment {i} starts before the previous one; keep time order.")
        prev = start
        out.append({"start": start, "end": end, "text": text})
    if not any(s["text"].strip() for s in out):
        raise _fail("转写内容是空的，没有可以点评的文字。", "The transcript has no text.")
    return out


def validate_brief(brief: Any) -> dict[str, Any]:
    """Check the optional brief: product, required_info names, title_max_bytes."""
    if brief is None:
        return {}
    if not isinstance(brief, dict):
        raise _fail("任务说明（brief）必须是对象。", "The brief must be an object.")
    req = brief.get("required_info")
    if req is not None and (not isinstance(req, list) or any(r not in INFO_ITEMS for r in req)):
        raise _fail(f"required_info 只能包含：{', '.join(INFO_ITEMS)}。",
                        f"required_info may only contain: {', '.join(INFO_ITEMS)}.")
    tmb = brief.get("title_max_bytes")
    if tmb is not None and (isinstance(tmb, bool) or not isinstance(tmb, int) or tmb <= 0):
        raise _fail("title_max_bytes 必须是正整数。", "title_max_bytes must be a positive integer.")
    return brief


def build_document(kind: str, data: Any, brief: Any = None, locale: str = "zh_CN") -> Document:
    """Validate (kind, input, brief) and build the Document the rules read."""
    if kind not in KINDS:
        raise _fail(f"不支持的类型“{kind}”，只能是 copy、livestream 或 reply。",
                    f"Unknown kind \"{kind}\"; use copy, livestream or reply.")
    if isinstance(data, str):
        data = {TEXT_KEY[kind]: data}
    if not isinstance(data, dict):
        raise _fail("提交内容必须是 JSON 对象。", "The input must be a JSON object.")
    brief = validate_brief(brief)
    doc = Document(kind=kind, fields=[], brief=brief, locale=locale or "zh_CN")
    if kind == "copy":
        title = _text(data.get("title"), "title", required=False)
        if title is not None and title.strip():
            doc.fields.append(Field("title", title))
        doc.fields.append(Field("body", _text(data.get("body"), "body")))
    elif kind == "reply":
        doc.message = _text(data.get("message"), "message", required=False) or brief.get("message")
        doc.fields.append(Field("reply", _text(data.get("reply"), "reply")))
    elif "segments" in data:
        doc.segments = _segments(data["segments"])
        text, doc.offsets = join_segments(doc.segments)
        doc.fields.append(Field("text", text))
    else:
        doc.fields.append(Field("text", _text(data.get("text"), "text")))
    total = sum(len(f.text) for f in doc.fields) + len(doc.message or "")
    if total > MAX_CHARS:
        raise _fail(f"内容太长（{total} 字），最多 {MAX_CHARS} 字。",
                    f"The input is too long ({total} characters, at most {MAX_CHARS}).")
    return doc
