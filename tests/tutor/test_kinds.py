"""The kind registry: one KindSpec per kind, read by inputs, scoring, metrics, prompt and CLI."""

from __future__ import annotations

import pytest

from tutor import KIND_SPECS, KINDS, KindSpec, critique, kind_spec
from tutor.errors import InputError
from tutor.fields import text_field
from tutor.kinds import register_kind, unregister_kind
from tutor.llm.prompt import build_messages
from tutor.llm.rewrite import rewrite_input
from tutor.rules.base import Document, Field


def _build_poster(doc: Document, data: dict) -> None:
    doc.fields.append(Field("slogan", text_field(data.get("slogan"), "slogan")))


POSTER = KindSpec(
    name="poster", input_fields=("slogan",), text_key="slogan",
    criteria=("compliance", "information", "specificity"),
    default_rubric=({"id": "compliance", "weight": 50}, {"id": "information", "weight": 25},
                    {"id": "specificity", "weight": 25}),
    default_required_info=("origin",), label_zh="海报标语", label_en="poster slogan",
    build=_build_poster, metrics=lambda doc: {"slogan_chars": len(doc.main.text)},
    prompt_label="a poster slogan (海报标语)")


@pytest.fixture
def poster():
    register_kind(POSTER)
    yield POSTER
    unregister_kind("poster")


def test_builtin_kinds_are_registered_with_their_contract_fields():
    assert KINDS == ("copy", "livestream", "reply") and set(KINDS) <= set(KIND_SPECS)
    assert kind_spec("copy").input_fields == ("title", "body") and kind_spec("copy").text_key == "body"
    assert kind_spec("reply").input_fields == ("reply",) and kind_spec("reply").text_key == "reply"
    assert kind_spec("livestream").text_key == "text"
    for name in KINDS:
        spec = kind_spec(name)
        assert spec.name == name and {c["id"] for c in spec.default_rubric} <= set(spec.criteria)


def test_unknown_kind_is_an_input_error_in_both_languages():
    with pytest.raises(InputError) as info:
        kind_spec("essay")
    assert "不支持的类型" in info.value.message and "essay" in info.value.message_en
    assert "copy" in info.value.message_en


def test_a_new_kind_is_one_spec_and_critiques_like_the_others(poster):
    out = critique("poster", "全网最低价，快来抢！")
    assert out["kind"] == "poster"
    codes = [f["code"] for f in out["findings"]]
    assert "compliance.absolute_term" in codes  # shared compliance rules run on the new kind
    assert "info.missing_origin" in codes        # and info rules, because it scores "information"
    assert [c["id"] for c in out["criteria"]] == ["compliance", "information", "specificity"]
    assert out["score"] <= 59 and out["metrics"]["slogan_chars"] == 10
    assert "reply.no_empathy" not in codes and "title.too_long" not in codes
    clean = critique("poster", {"slogan": "赣南脐橙，产自江西赣州信丰县"})
    assert not [f for f in clean["findings"] if f["code"].startswith("compliance.")]
    with pytest.raises(InputError):
        critique("poster", {"slogan": "x"}, rubric=[{"id": "empathy", "weight": 10}])
    messages = build_messages("poster", {"slogan": "赣南脐橙"}, None, clean, locale="zh_CN", fraction=0.2)
    assert "poster slogan" in messages[0]["content"] and "赣南脐橙" in messages[1]["content"]
    assert rewrite_input("poster", "新标语", {"slogan": "旧"}) == {"slogan": "新标语"}


def test_unregistered_kind_is_gone(poster):
    unregister_kind("poster")
    with pytest.raises(InputError):
        critique("poster", "赣南脐橙")


def test_a_kind_name_cannot_be_registered_twice():
    with pytest.raises(ValueError):
        register_kind(kind_spec("copy"))
