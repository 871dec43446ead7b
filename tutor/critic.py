"""critique(): validate, run the rule registry, score, summarise; optionally hand to an LLM."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from tutor.inputs import build_document
from tutor.rules import run_rules
from tutor.rules.base import Document
from tutor.rules.facts import concrete_fact_count, facts, required_info
from tutor.rules.fit import category
from tutor.rules.style import praise_hits
from tutor.scoring import apply_caps, compliance_cap, score_criteria

log = logging.getLogger(__name__)

# Short labels for the summary line, per finding code: (zh, en).
LABELS: dict[str, tuple[str, str]] = {
    "compliance.absolute_term": ("用了极限词", "absolute terms"),
    "compliance.medical_claim": ("有功效/治病宣称", "health claims"),
    "compliance.guarantee": ("有绝对化承诺", "absolute promises"),
    "compliance.off_platform": ("引导站外交易", "off-platform steering"),
    "integrity.prompt_injection": ("试图操纵评分", "instructions to the grader"),
    "info.missing_origin": ("缺产地", "no origin"), "info.missing_spec": ("缺规格", "no spec"),
    "info.missing_freshness": ("缺新鲜度", "no freshness"),
    "info.missing_storage": ("缺保存方法", "no storage"),
    "info.missing_shipping": ("缺发货信息", "no shipping"), "info.missing_price": ("缺价格", "no price"),
    "title.too_long": ("标题太长", "title too long"),
    "title.keyword_stuffing": ("标题堆砌关键词", "keyword stuffing"),
    "style.vague_claims": ("只有空泛夸奖", "only vague praise"),
    "live.no_opening": ("没有开场", "no opening"), "live.no_interaction": ("没有互动", "no interaction"),
    "live.no_call_to_action": ("没有促单", "no call to action"),
    "live.pace_too_fast": ("语速太快", "too fast"), "live.pace_too_slow": ("语速太慢", "too slow"),
    "live.long_pause": ("停顿太长", "long pauses"), "live.filler_words": ("口头禅太多", "too many fillers"),
    "reply.no_empathy": ("没有安抚顾客", "no empathy"), "reply.no_solution": ("没有解决办法", "no remedy"),
}


class LLMReviewer(Protocol):
    """What `llm=` must provide (tutor.llm.LLMCritic does)."""

    def review(self, kind: str, input: Any, brief: Any, rules_critique: dict, *,
               locale: str = "zh_CN") -> dict: ...


def metrics(doc: Document) -> dict[str, Any]:
    """Numbers the UI can show next to the findings: shared ones, then the kind's own."""
    found = facts(doc)
    criteria = doc.spec.criteria
    out: dict[str, Any] = {"length": len(doc.main.text),
                           "concrete_facts": concrete_fact_count(doc),
                           "numbers": len(found["numbers"]),
                           "praise_terms": len(praise_hits(doc)) if "specificity" in criteria else 0}
    if "information" in criteria:
        out["required_info"] = list(required_info(doc))
        out["info_present"] = [k for k in required_info(doc) if found[k]]
    if doc.spec.metrics is not None:
        out.update(doc.spec.metrics(doc))
    return out


_ZH_COUNTS = "一两三四五六七八九十"


def _label(doc: Document, code: str) -> str:
    """The summary label of a finding code; an information item by this product's own name
    (缺保养方法 for a basket)."""
    item = code.removeprefix("info.missing_")
    own = category(doc).label(item, doc.en) if item != code else None
    if own:
        return f"no {own}" if doc.en else f"缺{own}"
    return LABELS[code][1 if doc.en else 0]


def cap_sentence(findings: list[dict], pass_score: int | None, en: bool) -> str:
    """One sentence when a rule caps the score (an instruction to the grader, a compliance error)."""
    if any(f["code"] == "integrity.prompt_injection" for f in findings):
        return ("The submission gives the grader instructions, so it scores 0 and goes to your "
                "mentor; remove them and resubmit." if en else
                "因为提交里有给评分系统的指令，本次记 0 分并转给导师查看；删掉它重新提交。")
    n = sum(f["code"].startswith("compliance.") and f["severity"] == "error" for f in findings)
    if not n:
        return ""
    cap = compliance_cap(pass_score)
    if en:
        what = "one compliance violation" if n == 1 else f"{n} compliance violations"
        return f"Because of {what}, the score is at most {cap}; fix {'it' if n == 1 else 'them'} to score higher."
    count = _ZH_COUNTS[n - 1] if n <= len(_ZH_COUNTS) else str(n)
    return f"因为有{count}处违规用语，总分最多 {cap} 分；改掉{'它' if n == 1 else '它们'}就能拿到更高分。"


def summarize(doc: Document, score: int, findings: list[dict], passed: bool | None,
              pass_score: int | None = None) -> str:
    """Two or three sentences: the score and pass/fail, why it is capped if it is, the problems."""
    labels = [_label(doc, c) for c in dict.fromkeys(f["code"] for f in findings)]
    cap = cap_sentence(findings, pass_score, doc.en)
    if doc.en:
        head = f"Score {score}/100" + ("" if passed is None else (", passed" if passed else ", not passed"))
        return f"{head}. " + (f"{cap} " if cap else "") + (
            f"To fix: {', '.join(labels)}." if labels else "No problems found.")
    head = f"得分 {score}/100" + ("" if passed is None else ("，已通过" if passed else "，未通过"))
    return f"{head}。{cap}" + (f"需要改进：{'、'.join(labels)}。" if labels else "没有发现问题，继续保持。")


def critique(kind: str, input: Any, brief: dict | None = None, *, rubric: list[dict] | None = None,
             pass_score: int | None = None, llm: LLMReviewer | None = None,
             locale: str = "zh_CN") -> dict[str, Any]:
    """Critique one submission; JSON-ready dict as in SPEC §3 (rules, then the LLM if given)."""
    doc = build_document(kind, input, brief, locale)
    findings = run_rules(doc)
    result: dict[str, Any] = {
        "kind": doc.kind, "engine": "rules", "score": 0,
        "criteria": score_criteria(doc, findings, rubric),
        "findings": findings, "metrics": metrics(doc), "summary": "",
    }
    result = apply_caps(result, pass_score=pass_score)
    result["summary"] = summarize(doc, result["score"], findings, result.get("passed"),
                                  result.get("pass_score"))
    if llm is None:
        return result
    try:
        reviewed = llm.review(kind, input, brief, result, locale=locale)
        # Belt and braces: whatever the LLM returned, rule findings and caps still hold.
        return apply_caps(reviewed, pass_score=pass_score, rules_critique=result)
    except Exception:  # an LLM failure must never lose the rule critique
        log.warning("LLM review failed; returning the rule critique", exc_info=True)
        return result
