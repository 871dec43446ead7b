"""Examples that fit the learner's product: from the brief's own facts first, then its category.

A bamboo basket is never told to add 现摘现发 or 甜度15度: every rule that suggests wording asks
here, and the answer comes from the task's facts (产地：湖南益阳桃江县 …) or, failing that, from the
product's row in tutor/data/categories.yaml.
"""

from __future__ import annotations

import re

from tutor.products import brief_facts
from tutor.rules.base import Document
from tutor.rules.category import category, freshness_applies  # noqa: F401  (used here and re-exported)
from tutor.rules.facts import DETECTORS, INFO_ITEMS
from tutor.text import Normalized

# "产地：江西赣州信丰县" → "江西赣州信丰县": a short label before a colon is the brief's, not a fact.
_LABEL = re.compile(r"^[^：:，,。\s]{1,6}[：:]\s*")
MAX_FACT_EXAMPLES = 3


def _unlabelled(fact: str) -> str:
    """A brief fact without its leading "产地：" style label."""
    return _LABEL.sub("", fact, count=1).strip() or fact


def _brief_hits(doc: Document) -> list[tuple[str, set[str]]]:
    """Each brief fact with the information items (and "numbers") the fact detectors find in it."""
    if "brief_hits" not in doc.cache:
        out = []
        for fact in brief_facts(doc.brief):
            text = Normalized(fact).norm.text
            out.append((fact, {name for name, detect in DETECTORS.items() if detect(text)}))
        doc.cache["brief_hits"] = out
    return doc.cache["brief_hits"]


# A brief fact labelled with one of these words states that item (规格：30 枚装 is the spec, even
# if 养殖：800 只土鸡 before it also holds a count).
_ITEM_LABELS = {
    "origin": ("产地", "产区", "原产地"),
    "spec": ("规格", "尺寸", "尺码", "重量", "净含量", "容量"),
    "freshness": ("新鲜度", "生产日期", "采摘", "采收", "保质期", "制作时间", "日期"),
    "storage": ("保存", "储存", "存放", "保养", "洗涤"),
    "shipping": ("发货", "快递", "物流", "配送"),
    "price": ("价格", "售价", "直播价", "活动价", "到手价", "单价"),
}


def brief_fact(doc: Document, item: str) -> str | None:
    """The brief fact that states `item` (an origin, a weight …), label removed: one labelled
    for it first, else the first one the fact detectors read as that item."""
    hits = _brief_hits(doc)
    for fact, _ in hits:
        label = _LABEL.match(fact)
        if label and any(word in label.group(0) for word in _ITEM_LABELS.get(item, ())):
            return _unlabelled(fact)
    for fact, items in hits:
        if item in items:
            return _unlabelled(fact)
    return None


def example(doc: Document, item: str) -> str:
    """A quoted example for information item `item`: the brief's fact, else the category's."""
    fact = brief_fact(doc, item) if item in INFO_ITEMS else None
    if fact:
        return f"“{fact}”" if not doc.en else f"\"{fact}\""
    return category(doc).example(item, doc.en)


def concrete_facts(doc: Document) -> str:
    """Checkable facts to write instead of praise: up to three of the brief's, else the category's."""
    hits = [(f, items) for f, items in _brief_hits(doc) if items & {*INFO_ITEMS, "numbers"}]
    hits.sort(key=lambda h: "numbers" not in h[1])  # facts with a number first: 直径28厘米 before 广西
    picked = [_unlabelled(f) for f, _ in hits]
    if picked:
        quote = ("\"{}\"" if doc.en else "“{}”")
        return ("、" if not doc.en else ", ").join(quote.format(f) for f in picked[:MAX_FACT_EXAMPLES])
    return category(doc).example("facts", doc.en)


def item_label(doc: Document, item: str, default: tuple[str, str]) -> str:
    """What `item` is called for this product (保养方法 for a basket), else `default` (zh, en)."""
    return category(doc).label(item, doc.en) or default[1 if doc.en else 0]


def suggestion_examples(doc: Document) -> dict[str, str]:
    """Examples the compliance suggestions quote ({facts}, {usage}, {after_sales} in tutor/data)."""
    cat = category(doc)
    return {"facts": concrete_facts(doc), "usage": cat.example("usage", doc.en),
            "after_sales": cat.example("after_sales", doc.en)}


def foreign_wording(doc: Document, text: str, own: str = "") -> list[str]:
    """Words in `text` that do not fit this product (甜度 for a basket) and that neither the
    learner (`own`) nor the brief used: an example that says them was not written for this product."""
    allowed = Normalized(" ".join([own, *brief_facts(doc.brief), str(doc.brief.get("text") or "")])).compact.text
    folded = Normalized(text).compact.text
    return [w for w in category(doc).foreign if w in folded and w not in allowed]
