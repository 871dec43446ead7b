"""Title length and stuffing; vague praise."""

from __future__ import annotations

from tests.tutor.tutor_helpers import codes_of, findings_of
from tutor import critique

BODY = "陕西周至猕猴桃，5斤装，九月采摘，冷藏保存，顺丰包邮。"


def test_title_at_60_bytes_passes_and_61_fails():
    assert "title.too_long" not in codes_of("copy", {"title": "桃" * 30, "body": BODY})
    found = findings_of("copy", {"title": "桃" * 30 + "a", "body": BODY}, "title.too_long")
    assert len(found) == 1
    assert (found[0]["start"], found[0]["end"], found[0]["excerpt"]) == (30, 31, "a")
    assert found[0]["field"] == "title"


def test_ascii_counts_one_byte():
    assert "title.too_long" not in codes_of("copy", {"title": "a" * 60, "body": BODY})
    assert "title.too_long" in codes_of("copy", {"title": "a" * 61, "body": BODY})


def test_title_max_bytes_from_brief():
    title = "湘西腊肉 2斤装 柴火熏制"  # 4*2+1+1+4+1+4*2 = 23 bytes
    assert "title.too_long" in codes_of("copy", {"title": title, "body": BODY}, {"title_max_bytes": 20})
    assert "title.too_long" not in codes_of("copy", {"title": title, "body": BODY}, {"title_max_bytes": 30})


def test_keyword_stuffing_three_times():
    found = findings_of("copy", {"title": "蜂蜜 土蜂蜜 纯蜂蜜", "body": BODY}, "title.keyword_stuffing")
    assert found and found[0]["excerpt"] == "蜂蜜" and "3" in found[0]["message"]


def test_two_repeats_are_not_stuffing():
    assert "title.keyword_stuffing" not in codes_of("copy", {"title": "猕猴桃 红心猕猴桃 5斤", "body": BODY})


def test_stuffing_ignores_spacing_tricks():
    assert "title.keyword_stuffing" in codes_of("copy", {"title": "腊 肉 湘西腊肉 农家腊肉", "body": BODY})


def test_no_title_no_title_findings():
    assert not {c for c in codes_of("copy", {"body": BODY}) if c.startswith("title.")}


def test_vague_praise_without_facts():
    found = findings_of("copy", {"body": "做工精美，穿着舒适，质量好。"}, "style.vague_claims")
    assert found and found[0]["excerpt"] == "做工精美"


def test_praise_with_facts_is_not_vague():
    body = "好吃的周至猕猴桃，5斤装约25个，九月采摘，冷藏保存，顺丰包邮。"
    assert "style.vague_claims" not in codes_of("copy", {"body": body})


def test_metrics_count_facts_and_numbers():
    m = critique("copy", {"title": "周至猕猴桃 5斤", "body": BODY})["metrics"]
    assert m["title_bytes"] == 14 and m["title_max_bytes"] == 60
    assert m["concrete_facts"] >= 5 and m["numbers"] >= 2
