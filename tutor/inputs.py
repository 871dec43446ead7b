"""Validate a learner's input and brief and turn them into a rules Document."""

from __future__ import annotations

from typing import Any

from tutor.fields import fail
from tutor.kinds import kind_spec
from tutor.rules.base import Document
from tutor.rules.facts import INFO_ITEMS

MAX_CHARS = 20_000


def validate_brief(brief: Any) -> dict[str, Any]:
    """Check the optional brief: product, facts, required_info names, title_max_bytes."""
    if brief is None:
        return {}
    if not isinstance(brief, dict):
        raise fail("任务说明（brief）必须是对象。", "The brief must be an object.")
    req = brief.get("required_info")
    if req is not None and (not isinstance(req, list) or any(r not in INFO_ITEMS for r in req)):
        raise fail(f"required_info 只能包含：{', '.join(INFO_ITEMS)}。",
                   f"required_info may only contain: {', '.join(INFO_ITEMS)}.")
    product = brief.get("product")
    if product is not None and not isinstance(product, str):
        raise fail("product 必须是文字。", "product must be a string.")
    facts = brief.get("facts")
    if facts is not None and (not isinstance(facts, list) or not all(isinstance(f, str) for f in facts)):
        raise fail("facts 必须是文字列表。", "facts must be a list of strings.")
    tmb = brief.get("title_max_bytes")
    if tmb is not None and (isinstance(tmb, bool) or not isinstance(tmb, int) or tmb <= 0):
        raise fail("title_max_bytes 必须是正整数。", "title_max_bytes must be a positive integer.")
    return brief


def build_document(kind: str, data: Any, brief: Any = None, locale: str = "zh_CN") -> Document:
    """Validate (kind, input, brief) and build the Document the rules read."""
    spec = kind_spec(kind)
    if isinstance(data, str):
        data = {spec.text_key: data}
    if not isinstance(data, dict):
        raise fail("提交内容必须是 JSON 对象。", "The input must be a JSON object.")
    brief = validate_brief(brief)
    doc = Document(kind=spec.name, fields=[], brief=brief, locale=locale or "zh_CN", spec=spec)
    spec.build(doc, data)
    total = sum(len(f.text) for f in doc.fields) + len(doc.message or "")
    if total > MAX_CHARS:
        raise fail(f"内容太长（{total} 字），最多 {MAX_CHARS} 字。",
                   f"The input is too long ({total} characters, at most {MAX_CHARS}).")
    return doc
