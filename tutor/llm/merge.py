"""Merge a validated LLM review into the rule critique without ever weakening the rules."""

from __future__ import annotations

import copy

from .prompt import FIXED_CRITERIA, adjust_range
from .schema import Review

INJECTION_CODE = "integrity.prompt_injection"

# Finding code prefix -> rubric criterion it scores (courses/FORMAT.md table).
_CRITERION_OF = (
    ("compliance.", "compliance"), ("info.", "information"), ("title.", "title"),
    ("style.", "specificity"), ("live.no_", "structure"), ("live.", "delivery"),
    ("reply.no_empathy", "empathy"), ("reply.no_solution", "solution"),
)

_INJECTION_FINDING = {
    "code": INJECTION_CODE, "severity": "error", "start": 0, "end": 0, "excerpt": "",
    "message": "提交内容试图指挥评分系统，本次不计分，已转给导师查看。",
    "suggestion": "只提交你自己写的练习内容，不要写给评分系统的指令。",
}


def criterion_of(code: str) -> str | None:
    """The rubric criterion a finding code belongs to, if any."""
    for prefix, criterion in _CRITERION_OF:
        if code.startswith(prefix):
            return criterion
    return None


def has_injection(critique: dict) -> bool:
    """True when the rule critic already flagged a prompt-injection attempt."""
    return any(f.get("code") == INJECTION_CODE for f in critique.get("findings", []))


def merge_review(rules: dict, review: Review, *, fraction: float) -> dict:
    """Rules critique + bounded LLM adjustments, reasons and coaching; engine "rules+llm"."""
    result = copy.deepcopy(rules)
    result.update(
        engine="rules+llm", llm_status="ok", strengths=list(review.strengths),
        improvements=list(review.improvements), rewrite=review.rewrite,
    )
    if review.injection_detected or has_injection(rules):
        result["llm_injection_flag"] = review.injection_detected
        return no_credit(result)
    locked = locked_criteria(rules)
    by_id = {c.id: c for c in review.criteria}
    for criterion in result.get("criteria", []):
        answer = by_id.get(criterion.get("id"))
        if answer is not None:
            _apply_answer(criterion, answer, locked, fraction)
    result["score"] = _total(rules, result)
    return finish(rules, result)


def _apply_answer(criterion: dict, answer, locked: set[str], fraction: float) -> None:
    """Move one criterion's score within its allowed band and take the LLM's reason."""
    if criterion.get("id") in locked:
        return  # rule reason and score stay: the LLM cannot explain away a hard finding
    low, high = adjust_range(criterion, fraction)
    criterion["score"] = int(min(high, max(low, round(answer.score))))
    criterion["reason"] = answer.reason


def locked_criteria(rules: dict) -> set[str]:
    """Criteria the LLM may not touch: compliance, and any carrying an error finding or cap."""
    locked = set(FIXED_CRITERIA)
    for f in rules.get("findings", []):
        if f.get("severity") == "error" and (cid := criterion_of(str(f.get("code", "")))):
            locked.add(cid)
    locked.update(c["id"] for c in rules.get("criteria", []) if c.get("capped"))
    return locked


def _total(rules: dict, result: dict) -> int:
    """Rule total plus the sum of criterion moves, clamped to 0..100."""
    before = {c["id"]: c["score"] for c in rules.get("criteria", [])}
    delta = sum(c["score"] - before.get(c["id"], c["score"]) for c in result.get("criteria", []))
    return int(max(0, min(100, round(rules.get("score", 0) + delta))))


def _total_is_capped(rules: dict) -> bool:
    """The rule total sits below its criteria sum, or a compliance/integrity error caps it."""
    raw = sum(c.get("score", 0) for c in rules.get("criteria", []))
    hard = any(
        f.get("severity") == "error" and str(f.get("code", "")).startswith(("compliance.", "integrity."))
        for f in rules.get("findings", [])
    )
    return hard or rules.get("score", 0) < raw


def finish(rules: dict, result: dict) -> dict:
    """Apply the rule critic's caps (if it exports them) and our own hard guarantees."""
    apply_caps = _scoring_apply_caps()
    if apply_caps is not None:
        result = apply_caps(result) or result
    for criterion, before in zip(result.get("criteria", []), rules.get("criteria", [])):
        if criterion.get("id") in locked_criteria(rules):
            criterion["score"] = min(criterion["score"], before["score"])
    if _total_is_capped(rules):
        result["score"] = min(result["score"], rules.get("score", 0))
    _set_passed(rules, result)
    return result


def no_credit(result: dict) -> dict:
    """Zero every score and make sure the injection finding is reported to the mentor."""
    if not has_injection(result):
        result.setdefault("findings", []).insert(0, dict(_INJECTION_FINDING))
    for criterion in result.get("criteria", []):
        criterion["score"] = 0
    result["score"] = 0
    if "passed" in result:
        result["passed"] = False
    return result


def _set_passed(rules: dict, result: dict) -> None:
    """Recompute "passed" against the pass score when the critique carries one."""
    if "passed" not in rules:
        return
    pass_score = rules.get("pass_score")
    if pass_score is None:
        result["passed"] = bool(rules["passed"])  # threshold unknown: keep the rules' verdict
    else:
        result["passed"] = result["score"] >= pass_score


def _scoring_apply_caps():
    """tutor.scoring.apply_caps when the rule critic provides it, else None."""
    try:
        from tutor.scoring import apply_caps  # type: ignore[attr-defined]
    except ImportError:
        return None
    return apply_caps
