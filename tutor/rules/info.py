"""Required-information rules (info.missing_*): one registry entry per information item.

The suggestion's example fits the product: the brief's own fact for that item when it has one
(“产地：湖南益阳桃江县”), else the product category's example (tutor/rules/fit.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from tutor.rules.base import Document, finding, register
from tutor.rules.facts import INFO_ITEMS, facts, required_info
from tutor.rules.fit import brief_fact, example, item_label

# item -> (zh name, en name)
ITEMS = {
    "origin": ("产地", "origin"),
    "spec": ("规格（重量、数量或大小）", "spec (weight, count or size)"),
    "freshness": ("新鲜度（采摘/生产日期或保质期）", "freshness (harvest/production date or shelf life)"),
    "storage": ("保存方法", "storage"),
    "shipping": ("发货和快递信息", "shipping"),
    "price": ("价格", "price"),
}


def missing_rule(item: str):
    """Build the rule for one information item: fires when it is required but absent."""

    def check(doc: Document) -> Iterator[dict]:
        if item not in required_info(doc) or facts(doc)[item]:
            return
        name = item_label(doc, item, ITEMS[item])  # in the learner's language
        ex = example(doc, item)
        from_brief = brief_fact(doc, item) is not None
        yield finding(
            doc, f"info.missing_{item}", doc.main, 0, 0,
            (f"没有写{name}，买家看不到就不敢下单。", f"The {name} is missing; buyers need it to decide."),
            (f"补上{name}，任务说明里已经给了：{ex}。" if from_brief else f"补上{name}，例如{ex}。",
             f"Add the {name}; the brief gives it: {ex}." if from_brief else f"Add the {name}, e.g. {ex}."))

    check.__name__ = f"check_missing_{item}"
    check.__doc__ = f"Report a missing {item} when the brief requires it."
    return check


for _item in INFO_ITEMS:
    register(f"info.missing_{_item}")(missing_rule(_item))
