"""Merge a validated LLM review into the rule critique without ever weakening the rules."""

from __future__ import annotations

import copy
import re

from tutor.scoring import QUALITY_CRITERIA, apply_caps

from .schema import Review

INJECTION_CODE = "integrity.prompt_injection"

_INJECTION_FINDING = {
    "code": INJECTION_CODE, "severity": "error", "start": 0, "end": 0, "excerpt": "",
    "message": "提交内容试图指挥评分系统，本次不计分，已转给导师查看。",
    "suggestion": "只提交你自己写的练习内容，不要写给评分系统的指令。",
}

# The rule critic's summary opens with the score and verdict (tutor.critic.summarize).
_SUMMARY_HEAD = re.compile(r"^(得分 |Score )\d+/100(，已通过|，未通过|, passed|, not passed)?")
_VERDICT = {("得分 ", True): "，已通过", ("得分 ", False): "，未通过",
            ("Score ", True): ", passed", ("Score ", False): ", not passed"}


def has_injection(critique: dict) -> bool:
    """True when a prompt-injection finding is present."""
    return any(f.get("code") == INJECTION_CODE for f in critique.get("findings", []))


def locked_criteria(rules: dict) -> set[str]:
    """Criteria the LLM may not move: rule-owned ones, capped ones, any with an error finding."""
    locked = {c["id"] for c in rules.get("criteria", [])
              if c["id"] not in QUALITY_CRITERIA or c.get("capped")}
    if any(f.get("severity") == "error" for f in rules.get("findings", [])
           if str(f.get("code", "")).startswith("integrity.")):
        locked |= {c["id"] for c in rules.get("criteria", [])}
    return locked


def adjust_range(criterion: dict, fraction: float, locked: set[str]) -> tuple[int, int]:
    """Score range the LLM may choose for one criterion (a locked one: its rule score only)."""
    score, top = int(criterion.get("score", 0)), int(criterion.get("max", 0))
    if criterion.get("id") in locked:
        return score, score
    step = max(1, round(top * fraction)) if top else 0
    return max(0, score - step), min(top, score + step)


def merge_review(rules: dict, review: Review, *, fraction: float) -> dict:
    """Rules critique + bounded LLM moves, reasons and coaching; engine "rules+llm"."""
    result = copy.deepcopy(rules)
    result.update(engine="rules+llm", llm_status="ok", strengths=list(review.strengths),
                  improvements=list(review.improvements), rewrite=review.rewrite or "")
    if review.injection_detected:
        result["llm_injection_flag"] = True
        if not has_injection(result):
            result.setdefault("findings", []).insert(0, dict(_INJECTION_FINDING))
    locked = locked_criteria(result)
    by_id = {c.id: c for c in review.criteria}
    # How far the model wanted to move the rules' criterion scores, before they are bounded:
    # a large number means the two graders disagree and a human should look.
    result["llm_disagreement"] = round(sum(
        abs(min(c.get("max", 100), max(0, by_id[c["id"]].score)) - c.get("score", 0))
        for c in result.get("criteria", []) if c.get("id") in by_id))
    for criterion in result.get("criteria", []):
        answer = by_id.get(criterion.get("id"))
        if answer is not None and criterion["id"] not in locked:
            low, high = adjust_range(criterion, fraction, locked)
            criterion["score"] = int(min(high, max(low, round(answer.score))))
            criterion["reason"] = answer.reason
    result = apply_caps(result, pass_score=rules.get("pass_score"), rules_critique=rules)
    _guard(rules, result)
    result["summary"] = _restate_summary(rules.get("summary", ""), result)
    return result


def _guard(rules: dict, result: dict) -> None:
    """Belt and braces: every rule finding survives, locked criteria never rise."""
    findings = result.setdefault("findings", [])
    findings.extend(f for f in rules.get("findings", []) if f not in findings)
    before = {c["id"]: c["score"] for c in rules.get("criteria", [])}
    locked = locked_criteria(rules)
    for criterion in result.get("criteria", []):
        if criterion["id"] in locked:
            criterion["score"] = min(criterion["score"], before.get(criterion["id"], 0))


def _restate_summary(summary: str, result: dict) -> str:
    """The rules' summary with its leading score (and verdict) updated to the merged result."""
    match = _SUMMARY_HEAD.match(summary)
    if not match:
        return summary
    head = f"{match.group(1)}{result['score']}/100"
    if match.group(2) and "passed" in result:
        head += _VERDICT[(match.group(1), bool(result["passed"]))]
    elif match.group(2):
        head += match.group(2)
    return head + summary[match.end():]


def no_credit(result: dict) -> dict:
    """Zero every score and make sure the injection finding is reported to the mentor."""
    if not has_injection(result):
        result.setdefault("findings", []).insert(0, dict(_INJECTION_FINDING))
    return apply_caps(result, pass_score=result.get("pass_score"))
