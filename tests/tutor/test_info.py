"""Required-information rules and the place gazetteer."""

from __future__ import annotations

import pytest

from tests.tutor.tutor_helpers import codes_of

ALL = ["origin", "spec", "freshness", "storage", "shipping"]
BRIEF = {"required_info": ALL}


def missing(body: str, brief=BRIEF, kind="copy") -> set[str]:
    """The info items reported missing."""
    data = {"body": body} if kind == "copy" else {"text": body}
    return {c.removeprefix("info.missing_") for c in codes_of(kind, data, brief)
            if c.startswith("info.missing_")}


def test_complete_copy_has_no_missing_info():
    body = "宁夏中宁枸杞，500克一袋，2025年7月头茬采摘，密封冷藏保存，中通包邮。"
    assert missing(body) == set()


def test_bare_praise_misses_everything():
    assert missing("自家种的，好吃又实惠，欢迎选购。") == set(ALL)


@pytest.mark.parametrize("place", [
    "赣南", "五常", "阳澄湖", "烟台", "库尔勒", "洛川", "丹东", "攀枝花", "周至县", "湖南", "内蒙古",
    "延边", "西双版纳", "恩施", "秭归", "黔东南", "若羌", "沁县", "长白山",
])
def test_known_places_count_as_origin(place):
    assert "origin" not in missing(f"{place}的好货，5斤装。", {"required_info": ["origin"]})


@pytest.mark.parametrize("body", [
    "产地直发，自家果园，10斤装。", "我们村的土鸡蛋，30枚一盒。", "果肉丰满，颗粒饱满，青山绿水间长大。",
    "我们小店的东西都是好东西。", "未开封常温保存，开封后冷藏。", "产自我们合作社。", "保存时避开阳光直射。",
    "查清原因后给您答复。",
])
def test_no_place_means_missing_origin(body):
    assert "origin" in missing(body, {"required_info": ["origin"]})


@pytest.mark.parametrize("body, present", [
    ("5斤装", True), ("蒲江产地，5斤装", True), ("约25到30个", True), ("单果80-100g", True), ("净含量500ml", True), ("38码", True),
    ("一箱十斤", True), ("三十来个", True), ("每袋 500 克", True), ("30 枚装", True), ("5 kg", True), ("剥一个给大家看", False), ("两天内发货", False), ("一个月", False),
])
def test_spec_detection(body, present):
    assert ("spec" not in missing(body, {"required_info": ["spec"]})) is present


@pytest.mark.parametrize("body, present", [
    ("九月中旬开始采摘", True), ("2025年秋采", True), ("现摘现发", True), ("保质期12个月", True),
    ("冷藏可保存一个月", True), ("三天内吃完", True), ("明前茶", True), ("今年腊月熏制", True),
    ("现捞现发", True), ("味道很好", False), ("包装很结实", False),
    ("冷藏保存 7 天", True), ("收到后 3 天内吃完", True), ("今年 9 月收的", True), ("2025 年秋采", True), ("今年10月取的蜜", True), ("一年只摇蜜一次", True),
])
def test_freshness_detection(body, present):
    assert ("freshness" not in missing(body, {"required_info": ["freshness"]})) is present


@pytest.mark.parametrize("body, present", [
    ("冷藏保存", True), ("放阴凉通风处", True), ("密封避光", True), ("常温放置两天", True), ("很好吃", False),
])
def test_storage_detection(body, present):
    assert ("storage" not in missing(body, {"required_info": ["storage"]})) is present


@pytest.mark.parametrize("body, present", [
    ("顺丰包邮", True), ("48小时内发货", True), ("京东物流", True), ("现摘现发", True), ("全国包邮", True),
    ("很新鲜", False),
])
def test_shipping_detection(body, present):
    assert ("shipping" not in missing(body, {"required_info": ["shipping"]})) is present


@pytest.mark.parametrize("text, present", [
    ("价格四十九块九", True), ("29.9元一袋", True), ("今天只要¥39", True), ("直播价59", True),
    ("今天只要29.9，两瓶包邮", True), ("一块腊肉", False), ("三天就到", False), ("只要3天就到", False),
])
def test_price_detection_in_livestream(text, present):
    got = missing(text, {"required_info": ["price"]}, kind="livestream")
    assert ("price" not in got) is present


def test_defaults_per_kind():
    assert missing("好吃。", brief=None) == set(ALL)
    live = missing("大家好，欢迎来到直播间。", brief=None, kind="livestream")
    assert live == {"origin", "spec", "price"}
    assert not {c for c in codes_of("reply", {"message": "坏了", "reply": "抱歉，给您补发。"})
                if c.startswith("info.")}


def test_brief_required_info_limits_checks():
    assert missing("好吃。", {"required_info": ["spec"]}) == {"spec"}
    assert missing("好吃。", {"required_info": []}) == set()


def test_info_in_title_counts():
    codes = codes_of("copy", {"title": "赣南脐橙 5斤装", "body": "11月现摘，常温保存，顺丰包邮。"}, BRIEF)
    assert not any(c.startswith("info.") for c in codes)


def test_missing_finding_shape():
    from tutor import critique
    f = next(f for f in critique("copy", {"body": "好吃。"}, BRIEF)["findings"]
             if f["code"] == "info.missing_origin")
    assert f["severity"] == "warning" and f["start"] == f["end"] == 0
    assert "产地" in f["message"] and "例如" in f["suggestion"]
