"""Check the LLM's rewritten example with the rule critic before a learner sees it."""

from __future__ import annotations

import logging
import re
from typing import Any

from tutor.errors import InputError

log = logging.getLogger("tutor.llm")

_TITLE_LINE = re.compile(r"^\s*(?:标题|Title)\s*[:：]\s*(.+?)\s*(?:\n|$)", re.IGNORECASE)


def rewrite_input(kind: str, rewrite: str, original: Any) -> dict:
    """The rewrite in the critique input shape of `kind`."""
    if kind == "copy":
        match = _TITLE_LINE.match(rewrite)
        if match:
            return {"title": match.group(1), "body": rewrite[match.end():].strip() or match.group(1)}
        return {"body": rewrite}
    if kind == "reply":
        message = original.get("message", "") if isinstance(original, dict) else ""
        return {"message": message or "（顾客消息）", "reply": rewrite}
    return {"text": rewrite}


def rewrite_is_clean(kind: str, rewrite: str, original: Any, brief: dict | None) -> bool:
    """False if the rules find a compliance or integrity problem in the model's own example."""
    from tutor import critique  # late: tutor/__init__ imports the rule critic

    try:
        checked = critique(kind, rewrite_input(kind, rewrite, original), brief)
    except InputError:
        return False
    bad = [f["code"] for f in checked["findings"]
           if f["code"].startswith(("compliance.", "integrity.")) and f["severity"] == "error"]
    if bad:
        log.info("LLM rewrite dropped: the rules found %s in it", ", ".join(bad))
    return not bad
