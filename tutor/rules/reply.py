"""Customer-service reply rules: acknowledgement (reply.no_empathy) and remedy (reply.no_solution)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from tutor.rules.base import Document, finding, register
from tutor.rules.lexicon import load_words
from tutor.text import PhraseSet


@lru_cache(maxsize=1)
def _words() -> dict[str, PhraseSet]:
    """Phrase sets from tutor/data/reply_words.yaml."""
    return {k: PhraseSet(v) for k, v in load_words("reply_words").items()}


def affirmed(text: str, key: str) -> list[tuple[int, int]]:
    """Hits of word list `key` that are not negated by a word just before or after."""
    words = _words()
    out = []
    for s, e, _ in words[key].finditer(text):
        before, after = text[max(0, s - 4):s], text[e:e + 4]
        neg_before = any(before.endswith(n) for n in words[f"{key}_negators"].phrases)
        neg_after = any(after.startswith(n) for n in words[f"{key}_negating_suffix"].phrases)
        if not (neg_before or neg_after):
            out.append((s, e))
    return out


@register("reply.no_empathy", kinds=("reply",))
def check_no_empathy(doc: Document) -> Iterator[dict]:
    """No apology or acknowledgement of the customer's problem."""
    fld = doc.main
    if affirmed(fld.normalized.norm.text, "empathy"):
        return
    yield finding(
        doc, "reply.no_empathy", fld, 0, 0,
        ("回复里没有道歉或体谅的话，顾客会觉得被冷落。", "The reply has no apology or acknowledgement."),
        ("开头先接住情绪，例如“非常抱歉让您久等了，理解您着急的心情”。",
         "Start by acknowledging the problem, e.g. \"We're very sorry for the wait.\""))


@register("reply.no_solution", kinds=("reply",))
def check_no_solution(doc: Document) -> Iterator[dict]:
    """No concrete remedy (resend, refund, exchange, tracking ...)."""
    fld = doc.main
    if affirmed(fld.normalized.norm.text, "solution"):
        return
    yield finding(
        doc, "reply.no_solution", fld, 0, 0,
        ("回复里没有具体的解决办法（补发、退款、换货、查物流等），问题没有解决。",
         "The reply offers no concrete remedy (resend, refund, exchange, tracking)."),
        ("给出一个马上能做的办法和时间，例如“我现在帮您查物流，今天下午5点前给您回复；如果丢件，立即为您补发”。",
         "Offer a concrete remedy with a time, e.g. \"I'll check the tracking now and resend today if it's lost.\""))
