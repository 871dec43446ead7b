"""What kind of product a task is about (fruit, cured meat, a bamboo basket ...), from the brief.

Feedback is fitted to the category: examples come from tutor/data/categories.yaml, and a
non-food product (a basket, shoes) is never asked for freshness unless the brief requires it. This module reads
its data itself (no tutor.rules import) so tutor.rules.facts can use it without a cycle.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tutor.text import Normalized

_DATA = Path(__file__).resolve().parent / "data" / "categories.yaml"
GENERAL = "general"


@dataclass(frozen=True)
class Category:
    """One row of the category table: how to recognise it and what to suggest for it."""

    key: str
    name: tuple[str, str]
    food: bool
    freshness: bool  # asked for by default (production date, shelf life)
    keywords: tuple[str, ...]
    labels: dict[str, tuple[str, str]]
    examples: dict[str, tuple[str, str]]
    foreign: tuple[str, ...] = ()  # wording that does not fit this product (现摘 for a basket)

    def example(self, item: str, en: bool) -> str:
        """The category's example for `item` (an info item, facts, after_sales, usage, demo)."""
        return self.examples[item][1 if en else 0]

    def label(self, item: str, en: bool) -> str | None:
        """This category's own name for an information item, if it has one (制作时间 for a basket)."""
        pair = self.labels.get(item)
        return pair[1 if en else 0] if pair else None


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    """The category table, in file order (the order breaks ties between equal matches)."""
    with open(_DATA, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return {key: Category(key=key, name=tuple(row["name"]), food=bool(row["food"]),
                          freshness=bool(row.get("freshness", row["food"])),
                          keywords=tuple(row.get("keywords") or ()),
                          labels={k: tuple(v) for k, v in (row.get("labels") or {}).items()},
                          examples={k: tuple(v) for k, v in row["examples"].items()},
                          foreign=tuple(row.get("foreign") or ()))
            for key, row in raw.items() if isinstance(row, dict)}  # lists are shared word lists


@lru_cache(maxsize=1)
def _keywords() -> list[tuple[str, str]]:
    """(folded keyword, category key) for every keyword, longest first."""
    pairs = [(Normalized(w).compact.text, cat.key) for cat in categories().values() for w in cat.keywords]
    return sorted(pairs, key=lambda p: -len(p[0]))


def head_category(name: str) -> str | None:
    """The category of a product name by its head noun: the keyword ending last (longest on a tie).

    Chinese names put the head last: 竹编水果篮 is a basket, 菜籽油 an oil, 苹果干 a dried fruit.
    """
    text = Normalized(name).compact.text
    best: tuple[int, int, str] | None = None
    for word, key in _keywords():
        start = text.rfind(word)
        if start < 0:
            continue
        rank = (start + len(word), len(word))
        if best is None or rank > best[:2]:
            best = (*rank, key)
    return best[2] if best else None


def text_category(texts: list[str], *, folded: bool = False) -> str | None:
    """The category most often named in running text (keywords of two or more characters);
    folded=True: the texts are already compact views (Normalized(...).compact.text)."""
    votes: Counter[str] = Counter()
    for text in texts:
        folded_text = text if folded else Normalized(text).compact.text
        for word, key in _keywords():
            if len(word) >= 2 and word in folded_text:
                votes[key] += folded_text.count(word)
                folded_text = folded_text.replace(word, "\0")  # 菜籽油 is not also 菜籽
    if not votes:
        return None
    order = list(categories())
    return max(votes, key=lambda k: (votes[k], -order.index(k)))


def brief_facts(brief: dict[str, Any]) -> list[str]:
    """The brief's facts as strings (course briefs list 3–20 of them)."""
    facts = brief.get("facts") or ()
    return [f.strip() for f in facts if isinstance(f, str) and f.strip()]


def category_for(brief: dict[str, Any], title: str = "", text: str = "", *,
                 folded: bool = False) -> Category:
    """The product's category: the brief's product name (by its head noun), else the words most
    often named in the title, else in the brief's facts and the learner's text (title and text
    already compact views when folded=True)."""
    product = brief.get("product")
    key = (head_category(product) if isinstance(product, str) else None) \
        or text_category([title], folded=folded) \
        or text_category(brief_facts(brief)) or text_category([text], folded=folded)
    return categories()[key or GENERAL]
