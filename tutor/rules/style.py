"""Style rule: generic praise with no concrete fact or number (style.vague_claims)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from tutor.rules.base import Document, finding, register
from tutor.rules.facts import concrete_fact_count, facts
from tutor.rules.fit import concrete_facts
from tutor.rules.lexicon import load_words
from tutor.text import PhraseSet


@lru_cache(maxsize=1)
def praise_words() -> PhraseSet:
    """Generic praise phrases from tutor/data/praise.yaml."""
    return PhraseSet(load_words("praise")["praise"])


def praise_hits(doc: Document) -> list[tuple[str, int, int]]:
    """(field, start, end) of each generic praise phrase."""
    out = []
    for fld in doc.fields:
        view = fld.normalized.norm
        out += [(fld.name, *view.span(s, e)) for s, e, _ in praise_words().finditer(view.text)]
    return out


@register("style.vague_claims")
def check_vague_claims(doc: Document) -> Iterator[dict]:
    """Only praise: praise present and no fact or number (or lots of praise, one fact at most).

    Every praise phrase is marked: the first finding explains, the others point at the rest.
    """
    praise = praise_hits(doc)
    concrete = concrete_fact_count(doc) + len(facts(doc)["numbers"])
    if not praise or (concrete > 0 and not (len(praise) >= 4 and concrete <= 1)):
        return
    words = "、".join(dict.fromkeys(doc.field_named(n).text[a:b] for n, a, b in praise))
    example = concrete_facts(doc)
    for k, (name, s, e) in enumerate(praise):
        fld = doc.field_named(name)
        if k == 0:
            yield finding(
                doc, "style.vague_claims", fld, s, e,
                (f"“{words}”都是空泛的夸奖，没有具体事实或数字，买家无法判断真假。",
                 f"\"{words}\" is generic praise with no concrete fact or number."),
                (f"把夸奖换成买家能核实的事实，例如{example}。",
                 f"Replace praise with facts a buyer can check, e.g. {example}."))
        else:
            yield finding(
                doc, "style.vague_claims", fld, s, e,
                (f"“{fld.text[s:e]}”也是空泛的夸奖。", f"\"{fld.text[s:e]}\" is generic praise too."),
                ("", ""))
