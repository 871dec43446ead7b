"""Check the LLM's rewritten example with the rule critic before a learner sees it."""

from __future__ import annotations

import logging
from typing import Any

from tutor.errors import InputError
from tutor.kinds import kind_spec

log = logging.getLogger("tutor.llm")

def rewrite_input(kind: str, rewrite: str, original: Any) -> dict:
    """The rewrite in the critique input shape of `kind`."""
    spec = kind_spec(kind)
    if spec.rewrite_input is not None:
        return spec.rewrite_input(rewrite, original)
    return {spec.text_key: rewrite}


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
