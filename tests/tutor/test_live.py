"""Livestream rules: structure, pace, pauses, fillers, and timed spans."""

from __future__ import annotations

import pytest

from tests.tutor.tutor_helpers import codes_of, findings_of, seg
from tutor import critique

GOOD = ("家人们晚上好，欢迎来到直播间！今天是黑龙江东宁的秋木耳，250克一袋，直播价29块9，"
        "想要的在公屏扣1，点击小黄车1号链接拍下。")


def live(text: str) -> set[str]:
    """Codes for an untimed livestream text."""
    return codes_of("livestream", {"text": text})


def timed(*segments: dict) -> set[str]:
    """Codes for a timed transcript."""
    return codes_of("livestream", {"segments": list(segments)})


def test_good_untimed_script_is_clean():
    assert not {c for c in live(GOOD) if c.startswith("live.")}


def test_untimed_text_has_no_pace_or_pause_findings():
    assert not {"live.pace_too_fast", "live.pace_too_slow", "live.long_pause"} & live("好" * 500)


def test_opening_must_be_in_first_80_chars_untimed():
    late = "今天卖的是东宁木耳" + "，泡发以后很多" * 11 + "，大家好欢迎。"
    assert "live.no_opening" in live(late)
    assert "live.no_opening" not in live("大家好，" + late)


def test_opening_must_be_in_first_30_seconds_timed():
    late = [seg(0, 20, "今天卖东宁木耳，250克一袋。"), seg(31, 36, "大家好，欢迎来到直播间。")]
    found = findings_of("livestream", {"segments": late}, "live.no_opening")
    assert found and found[0]["t"] == 0.0
    early = [seg(0, 20, "今天卖东宁木耳。"), seg(29, 36, "大家好，欢迎来到直播间。")]
    assert "live.no_opening" not in timed(*early)


@pytest.mark.parametrize("text", ["大家平时喜欢吃木耳吗？", "新来的朋友点点关注。", "觉得好的扣1。", "评论区告诉我。"])
def test_interaction_cues(text):
    assert "live.no_interaction" not in live("大家好，" + text)


def test_no_interaction_and_no_cta():
    codes = live("大家好，欢迎大家。我们这里是贵州湄潭。今天就先介绍到这里，下次再见。")
    assert {"live.no_interaction", "live.no_call_to_action"} <= codes


def test_red_heart_kiwi_is_not_interaction():
    assert "live.no_interaction" in live("大家好，这是红心猕猴桃，五斤装。")


@pytest.mark.parametrize("chars, fires", [(32, False), (33, True)])
def test_pace_fast_edge(chars, fires):
    # chars Han characters in 6 s of speech: 32 → exactly 320 per minute, 33 → 330.
    assert ("live.pace_too_fast" in timed(seg(0, 6, "好" * chars))) is fires


@pytest.mark.parametrize("chars, fires", [(14, False), (13, True)])
def test_pace_slow_edge(chars, fires):
    assert ("live.pace_too_slow" in timed(seg(0, 6, "好" * chars))) is fires


def test_pace_counts_latin_and_digit_runs_as_one():
    # 30 Han + "iPhone15" (one run) + "39" (one run) = 32 units in 6 s → 320, not fast.
    assert "live.pace_too_fast" not in timed(seg(0, 6, "好" * 30 + "iPhone15 39"))


def test_pace_uses_speaking_time_not_gaps():
    segments = [seg(0, 3, "好" * 10), seg(7, 10, "好" * 10)]  # 20 chars in 6 s speech = 200
    out = critique("livestream", {"segments": segments})
    assert out["metrics"]["pace_cpm"] == 200.0
    assert not {"live.pace_too_fast", "live.pace_too_slow"} & {f["code"] for f in out["findings"]}


@pytest.mark.parametrize("gap, fires", [(5.0, False), (5.01, True)])
def test_long_pause_edge(gap, fires):
    segments = [seg(0, 4, "大家好欢迎来到直播间"), seg(4 + gap, 8 + gap, "今天卖木耳两百五十克")]
    assert ("live.long_pause" in timed(*segments)) is fires


def test_long_pause_span_and_time():
    segments = [seg(0, 4, "大家好欢迎来到直播间"), seg(10, 14, "切开给大家看看"), seg(14.5, 18, "好了")]
    out = critique("livestream", {"segments": segments})
    f = next(f for f in out["findings"] if f["code"] == "live.long_pause")
    text = "\n".join(s["text"] for s in segments)
    assert text[f["start"]:f["end"]] == "切开给大家看看" == f["excerpt"]
    assert f["t"] == 10.0
    assert out["metrics"]["pauses"] == {"count": 1, "longest": 6.0}


def test_findings_in_timed_transcript_carry_segment_time():
    segments = [seg(0, 5, "大家好，欢迎来到直播间"), seg(5.5, 10, "这是最甜的橙子")]
    f = findings_of("livestream", {"segments": segments}, "compliance.absolute_term")[0]
    assert f["excerpt"] == "最甜" and f["t"] == 5.5
    joined = "\n".join(s["text"] for s in segments)
    assert joined[f["start"]:f["end"]] == "最甜"


@pytest.mark.parametrize("fillers, fires", [(3, False), (4, True)])
def test_filler_rate_edge(fillers, fires):
    # each "嗯，" adds one unit; total units = 100.
    text = "嗯，" * fillers + "好" * (100 - fillers)
    assert ("live.filler_words" in live(text)) is fires


def test_nage_as_hesitation_counts_but_not_as_pronoun():
    hesitant = "大家好，那个，嗯，今天那个那个卖小米，呃，山西的，额，五斤装。"
    out = critique("livestream", {"text": hesitant})
    assert out["metrics"]["filler_count"] == 6
    plain = "大家好，那个苹果是静宁的，那个箱子是五斤装，金额不大，额外送一个。"
    assert critique("livestream", {"text": plain})["metrics"]["filler_count"] == 0


def test_filler_span_points_at_first_filler():
    text = "大家好，呃，那个，嗯，就是说，然后呢，好的。"
    f = findings_of("livestream", {"text": text}, "live.filler_words")[0]
    assert text[f["start"]:f["end"]] == "呃"
