"""Required-information rules (info.missing_*): one registry entry per information item."""

from __future__ import annotations

from collections.abc import Iterator

from tutor.rules.base import Document, finding, register
from tutor.rules.facts import INFO_ITEMS, facts, required_info

# item -> (zh name, en name, zh example, en example)
ITEMS = {
    "origin": ("产地", "origin", "“产自江西赣州信丰县”", "\"grown in Xinfeng County, Ganzhou, Jiangxi\""),
    "spec": ("规格（重量、数量或大小）", "spec (weight, count or size)", "“5斤装，约12–15个，单果果径75–80mm”",
             "\"2.5 kg box, 12-15 fruits, 75-80 mm each\""),
    "freshness": ("新鲜度（采摘/生产日期或保质期）", "freshness (harvest/production date or shelf life)",
                  "“11月中旬现摘现发，常温可放15天”", "\"picked mid-November, keeps 15 days\""),
    "storage": ("保存方法", "storage", "“收到后放阴凉通风处，冷藏可保存两周”",
                "\"keep cool and ventilated; refrigerated it keeps two weeks\""),
    "shipping": ("发货和快递信息", "shipping", "“下单后48小时内发货，顺丰包邮，偏远地区除外”",
                 "\"ships within 48 h by SF Express, free shipping\""),
    "price": ("价格", "price", "“直播间价格39.9元5斤，包邮”", "\"today 39.9 yuan for 2.5 kg, free shipping\""),
}


def missing_rule(item: str):
    """Build the rule for one information item: fires when it is required but absent."""
    zh, en, ex_zh, ex_en = ITEMS[item]

    def check(doc: Document) -> Iterator[dict]:
        if item not in required_info(doc) or facts(doc)[item]:
            return
        yield finding(
            doc, f"info.missing_{item}", doc.main, 0, 0,
            (f"没有写{zh}，买家看不到就不敢下单。", f"The {en} is missing; buyers need it to decide."),
            (f"补上{zh}，例如{ex_zh}。", f"Add the {en}, e.g. {ex_en}."))

    check.__name__ = f"check_missing_{item}"
    check.__doc__ = f"Report a missing {item} when the brief requires it."
    return check


for _item in INFO_ITEMS:
    register(f"info.missing_{_item}")(missing_rule(_item))
