"""Normalised views keep offsets into the original text."""

from __future__ import annotations

from tutor.text import Normalized, PhraseSet, spoken_units, title_bytes


def test_compact_view_maps_back_to_original():
    text = "加\u200b Ｖ－Ｘ！"
    n = Normalized(text)
    assert n.compact.text == "加vx"
    s, e = n.compact.span(0, 3)
    assert text[s:e] == "加\u200b Ｖ－Ｘ"


def test_plus_and_heart_lookalikes_unify():
    assert Normalized("➕V❤").compact.text == "+v♥"


def test_phrase_set_leftmost_longest_and_end_of_text():
    ps = PhraseSet(["首选", "送礼首选", "礼"])
    assert list(ps.finditer("送礼首选")) == [(0, 4, "送礼首选")]
    assert list(ps.finditer("礼首选")) == [(0, 1, "礼"), (1, 3, "首选")]


def test_units_and_bytes():
    assert spoken_units("你好 iPhone15，39元") == 5
    assert title_bytes("桃a")[-1] == 3
