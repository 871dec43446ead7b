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


def _learner_text(original: Any) -> str:
    """All the learner's own words in a critique input (fields, or transcript segments)."""
    if isinstance(original, str):
        return original
    if not isinstance(original, dict):
        return ""
    parts = [v for v in original.values() if isinstance(v, str)]
    parts += [str(s.get("text", "")) for s in original.get("segments") or () if isinstance(s, dict)]
    return " ".join(parts)


def rewrite_is_clean(kind: str, rewrite: str, original: Any, brief: dict | None) -> bool:
    """False if the rules find a compliance or integrity problem in the model's own example, or
    if it uses wording that does not fit the product (现摘现发 for a bamboo basket) that neither
    the learner nor the brief used."""
    from tutor import critique  # late: tutor/__init__ imports the rule critic
    from tutor.inputs import build_document
    from tutor.rules.fit import foreign_wording

    try:
        payload = rewrite_input(kind, rewrite, original)
        checked = critique(kind, payload, brief)
        doc = build_document(kind, payload, brief)
    except InputError:
        return False
    bad = [f["code"] for f in checked["findings"]
           if f["code"].startswith(("compliance.", "integrity.")) and f["severity"] == "error"]
    if bad:
        log.info("LLM rewrite dropped: the rules found %s in it", ", ".join(bad))
        return False
    foreign = foreign_wording(doc, rewrite, _learner_text(original))
    if foreign:
        log.info("LLM rewrite dropped: %s does not fit the product", ", ".join(foreign))
    return not foreign
