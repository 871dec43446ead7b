"""Validators for the learner-written fields of a critique input (shared by every kind)."""

from __future__ import annotations

import math
from typing import Any

from tutor.errors import InputError


def fail(zh: str, en: str) -> InputError:
    """An InputError with Chinese and English messages."""
    return InputError(zh, message_en=en)


def text_field(value: Any, name: str, *, required: bool = True) -> str | None:
    """A string field: present (if required), a str, and not blank."""
    if value is None:
        if required:
            raise fail(f"缺少“{name}”字段。", f"Missing field \"{name}\".")
        return None
    if not isinstance(value, str):
        raise fail(f"“{name}”必须是文字。", f"\"{name}\" must be a string.")
    if required and not value.strip():
        raise fail(f"“{name}”是空的，请先写内容。", f"\"{name}\" is empty.")
    return value


def _number(value: Any, what: str) -> float:
    """A finite, non-negative number (segment times)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise fail(f"{what}必须是数字（秒）。", f"{what} must be a number of seconds.")
    if value < 0:
        raise fail(f"{what}不能是负数。", f"{what} must not be negative.")
    return float(value)


def segments_field(raw: Any) -> list[dict]:
    """Validate timed segments: a non-empty list of {start, end, text} in time order."""
    if not isinstance(raw, list) or not raw:
        raise fail("“segments”必须是非空列表。", "\"segments\" must be a non-empty list.")
    out, prev = [], 0.0
    for i, seg in enumerate(raw, 1):
        if not isinstance(seg, dict):
            raise fail(f"第 {i} 段不是对象。", f"Segment {i} is not an object.")
        start = _number(seg.get("start"), f"第 {i} 段的 start")
        end = _number(seg.get("end"), f"第 {i} 段的 end")
        text = text_field(seg.get("text"), f"segments[{i}].text", required=False)
        if text is None:
            raise fail(f"第 {i} 段缺少 text。", f"Segment {i} has no text.")
        if end < start:
            raise fail(f"第 {i} 段的结束时间早于开始时间。", f"Segment {i} ends before it starts.")
        if start < prev:
            raise fail(f"第 {i} 段的时间早于上一段，请按时间顺序排列。",
                       f"Segment {i} starts before the previous one; keep time order.")
        prev = start
        out.append({"start": start, "end": end, "text": text})
    if not any(s["text"].strip() for s in out):
        raise fail("转写内容是空的，没有可以点评的文字。", "The transcript has no text.")
    return out
