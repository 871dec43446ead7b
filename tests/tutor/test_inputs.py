"""Bad input raises InputError with a clear message; the llm hand-off and its fallback."""

from __future__ import annotations

import pytest

from tutor import FINDING_CODES, KINDS, critique
from tutor.errors import InputError


@pytest.mark.parametrize("kind, data, needle", [
    ("essay", {"body": "x"}, "不支持的类型"),
    ("copy", ["not", "a", "dict"], "JSON 对象"),
    ("copy", {"title": "t"}, "body"),
    ("copy", {"body": "   "}, "空"),
    ("copy", {"body": 42}, "文字"),
    ("copy", {"body": "好" * 20_001}, "太长"),
    ("reply", {"message": "m"}, "reply"),
    ("livestream", {}, "text"),
    ("livestream", {"segments": []}, "非空"),
    ("livestream", {"segments": [{"start": 0, "end": 1}]}, "text"),
    ("livestream", {"segments": [{"start": 2, "end": 1, "text": "a"}]}, "结束时间"),
    ("livestream", {"segments": [{"start": "0", "end": 1, "text": "a"}]}, "数字"),
    ("livestream", {"segments": [{"start": 5, "end": 6, "text": "a"}, {"start": 1, "end": 2, "text": "b"}]},
     "时间顺序"),
    ("livestream", {"segments": [{"start": 0, "end": 1, "text": " "}]}, "空"),
])
def test_bad_input_raises_input_error(kind, data, needle):
    with pytest.raises(InputError) as info:
        critique(kind, data)
    assert needle in info.value.message and info.value.message_en


@pytest.mark.parametrize("brief", [["x"], {"required_info": ["colour"]}, {"title_max_bytes": 0}])
def test_bad_brief(brief):
    with pytest.raises(InputError):
        critique("copy", {"body": "好"}, brief)


def test_plain_string_input_is_the_main_text():
    assert critique("copy", "最甜的桃")["findings"][0]["code"] == "compliance.absolute_term"


def test_exports():
    assert KINDS == ("copy", "livestream", "reply")
    assert "integrity.prompt_injection" in FINDING_CODES and len(FINDING_CODES) == 23


class RecordingLLM:
    """Stands in for tutor.llm.LLMCritic: records the call, returns a marked copy."""

    def __init__(self, fail: bool = False):
        self.fail, self.calls = fail, []

    def review(self, kind, input, brief, rules_critique, *, locale="zh_CN"):
        self.calls.append((kind, input, brief, rules_critique, locale))
        if self.fail:
            raise RuntimeError("endpoint down")
        return dict(rules_critique, engine="rules+llm")


def test_llm_receives_rules_critique_and_its_result_is_returned():
    llm = RecordingLLM()
    out = critique("reply", {"message": "m", "reply": "抱歉，补发。"}, llm=llm, locale="en")
    assert out["engine"] == "rules+llm"
    kind, _, _, rules, locale = llm.calls[0]
    assert kind == "reply" and rules["engine"] == "rules" and locale == "en"


def test_llm_failure_falls_back_to_rules():
    out = critique("reply", {"message": "m", "reply": "抱歉，补发。"}, llm=RecordingLLM(fail=True))
    assert out["engine"] == "rules" and out["score"] == 100


class GreedyLLM:
    """An LLM that drops the rule findings and hands out full marks."""

    def review(self, kind, input, brief, rules_critique, *, locale="zh_CN"):
        out = dict(rules_critique, engine="rules+llm", findings=[], score=100, passed=True)
        out["criteria"] = [dict(c, score=c["max"]) for c in rules_critique["criteria"]]
        return out


def test_llm_cannot_clear_compliance_or_lift_the_cap():
    out = critique("reply", {"message": "m", "reply": "加我微信，给您补发。"}, llm=GreedyLLM(),
                   pass_score=60)
    assert out["engine"] == "rules+llm"
    assert any(f["code"] == "compliance.off_platform" for f in out["findings"])
    assert out["score"] <= 59 and out["passed"] is False
    empathy = next(c for c in out["criteria"] if c["id"] == "empathy")
    assert empathy["score"] == 8  # rules gave 0; an LLM may add at most 20% of 40
