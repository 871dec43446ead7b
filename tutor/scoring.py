"""Rubric scoring from findings, and the caps no engine (rules or LLM) can lift.

Caps, in order:
1. Any compliance.* finding of severity error sets the `compliance` criterion to 0 and caps the
   overall score at `compliance_cap(pass_score)` = min(59, pass_score - 1): a submission that
   breaks advertising or platform rules never passes, however good the rest is.
2. integrity.prompt_injection sets every criterion and the overall score to 0 and marks the
   critique `"flagged": true` so the mentor sees it.
An LLM may move QUALITY_CRITERIA by at most LLM_ADJUST_FRACTION of their max (see apply_caps);
RULE_CRITERIA (compliance, information, title) stay as the rules scored them.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Callable
from typing import Any

from tutor.errors import InputError
from tutor.rules.base import Document
from tutor.rules.facts import ITEMS_ZH_EN, concrete_fact_count, facts, required_info
from tutor.rules.fit import item_label
from tutor.rules.reply import ok_reason as reply_ok_reason

QUALITY_CRITERIA = frozenset({"specificity", "structure", "delivery", "empathy", "solution"})
RULE_CRITERIA = frozenset({"compliance", "information", "title"})
LLM_ADJUST_FRACTION = 0.2
COMPLIANCE_SCORE_CAP = 59

Reason = tuple[str, str]
Scorer = Callable[[Document, list[dict]], tuple[float, Reason]]


def compliance_cap(pass_score: int | None) -> int:
    """Highest overall score allowed when a compliance error is present."""
    if pass_score is None:
        return COMPLIANCE_SCORE_CAP
    return max(0, min(COMPLIANCE_SCORE_CAP, int(pass_score) - 1))


def _codes(findings: list[dict], prefix: str) -> list[dict]:
    """Findings whose code starts with `prefix`."""
    return [f for f in findings if f["code"].startswith(prefix)]


def _leads(findings: list[dict]) -> list[dict]:
    """The first finding of each code: a rule that marks every repeat (each filler, each praise
    word) explains in its first finding only."""
    first: dict[str, dict] = {}
    for f in findings:
        first.setdefault(f["code"], f)
    return list(first.values())


def _messages(findings: list[dict]) -> Reason:
    """The findings' own (already localised) messages as a reason, for either language."""
    lead = _leads(findings)
    return "；".join(f["message"] for f in lead), " ".join(f["message"] for f in lead)


def score_compliance(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """0 on any compliance error, else full."""
    bad = [f for f in _codes(findings, "compliance.") if f["severity"] == "error"]
    if not bad:
        return 1.0, ("没有发现极限词、功效宣称、绝对承诺或站外引流。",
                     "No absolute terms, health claims, guarantees or off-platform steering.")
    excerpts = list(dict.fromkeys(f["excerpt"] for f in bad if f["excerpt"]))
    zh = "、".join(f"“{e}”" for e in excerpts)
    en = ", ".join(f'"{e}"' for e in excerpts)
    return 0.0, (f"有 {len(bad)} 处违规用语：{zh}，合规项记 0 分。",
                 f"{len(bad)} compliance violation(s): {en}; compliance scores 0.")


def score_information(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """Share of required information items present."""
    required = required_info(doc)
    if not required:
        return 1.0, ("本任务没有必填信息。", "No information is required for this task.")
    found = {f["code"].removeprefix("info.missing_") for f in _codes(findings, "info.missing_")}
    missing = [item for item in required if item in found]
    if not missing:
        return 1.0, ("必填信息都写到了。", "All required information is present.")
    names = [item_label(doc, m, ITEMS_ZH_EN[m]) for m in missing]  # 保养方法 for a basket
    zh, en = "、".join(names), ", ".join(names)
    share = 1 - len(missing) / len(required)
    return share, (f"缺少{zh}（{len(required) - len(missing)}/{len(required)} 项已写）。",
                   f"Missing: {en} ({len(required) - len(missing)}/{len(required)} present).")


def score_title(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """Full unless too long (−50%) or stuffed (−50%); 0 without a title."""
    if doc.field_named("title") is None:
        return 0.0, ("没有写标题。", "No title was given.")
    bad = _codes(findings, "title.")
    if not bad:
        return 1.0, ("标题长度合适，没有堆砌关键词。", "The title is within length and not stuffed.")
    return max(0.0, 1 - 0.5 * len(_leads(bad))), _messages(bad)


def score_specificity(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """Concrete facts and numbers (5 or more = full); vague praise caps it at 20%."""
    n = concrete_fact_count(doc) + len(facts(doc)["numbers"])
    share = min(1.0, n / 5)
    if _codes(findings, "style.vague_claims"):
        share = min(share, 0.2)
        return share, (f"多是空泛夸奖，具体事实和数字只有 {n} 处。",
                       f"Mostly generic praise; only {n} concrete facts or numbers.")
    return share, (f"有 {n} 处具体事实或数字。", f"{n} concrete facts or numbers.")


def score_structure(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """One third each for opening, interaction and call to action."""
    bad = [f for f in findings if f["code"] in
           ("live.no_opening", "live.no_interaction", "live.no_call_to_action")]
    if not bad:
        return 1.0, ("开场、互动、促单都有。", "Opening, interaction and call to action are all there.")
    return 1 - len(bad) / 3, _messages(bad)


def score_delivery(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
    """Deductions for pace (40%), long pauses (15% each, up to 30%) and fillers (30%)."""
    share = 1.0
    share -= 0.4 * bool(_codes(findings, "live.pace_"))
    share -= min(0.3, 0.15 * len(_codes(findings, "live.long_pause")))
    share -= 0.3 * bool(_codes(findings, "live.filler_words"))
    bad = [f for f in findings if f["code"].startswith(("live.pace_", "live.long_pause",
                                                        "live.filler_words"))]
    untimed = doc.segments is None
    if not bad:
        zh = "没有口头禅过多的问题（无时间信息，未评语速和停顿）。" if untimed else "语速、停顿、口头禅都正常。"
        en = ("Few fillers (untimed text: pace and pauses not judged)." if untimed
              else "Pace, pauses and fillers are fine.")
        return share, (zh, en)
    return max(0.0, share), _messages(bad)


def _binary(code: str, ok: Callable[[Document], Reason]) -> Scorer:
    """A scorer that is full unless `code` was found."""
    def scorer(doc: Document, findings: list[dict]) -> tuple[float, Reason]:
        bad = _codes(findings, code)
        return (0.0, (bad[0]["message"],) * 2) if bad else (1.0, ok(doc))
    scorer.__doc__ = f"Full unless {code}."
    return scorer


SCORERS: dict[str, Scorer] = {
    "compliance": score_compliance,
    "information": score_information,
    "title": score_title,
    "specificity": score_specificity,
    "structure": score_structure,
    "delivery": score_delivery,
    # A pre-sale question is judged on a friendly, correct answer; a complaint on apology and remedy.
    "empathy": _binary("reply.no_empathy", lambda doc: reply_ok_reason(doc, "empathy")),
    "solution": _binary("reply.no_solution", lambda doc: reply_ok_reason(doc, "solution")),
}


def resolve_rubric(doc: Document, rubric: list[dict] | None) -> list[dict[str, Any]]:
    """Validate a task rubric, or pick the kind's default."""
    if rubric is None:
        return doc.spec.rubric(doc)
    if not isinstance(rubric, list) or not rubric:
        raise InputError("评分标准（rubric）必须是非空列表。", message_en="rubric must be a non-empty list.")
    out = []
    for item in rubric:
        cid = item.get("id") if isinstance(item, dict) else None
        weight = item.get("weight") if isinstance(item, dict) else None
        if cid not in doc.spec.criteria:
            raise InputError(f"评分项“{cid}”不适用于 {doc.kind}。",
                             message_en=f"Criterion \"{cid}\" is not valid for {doc.kind}.")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise InputError(f"评分项“{cid}”的权重必须是正数。",
                             message_en=f"Criterion \"{cid}\" needs a positive weight.")
        out.append({"id": cid, "weight": weight})
    return out


def score_criteria(doc: Document, findings: list[dict], rubric: list[dict] | None) -> list[dict]:
    """Score every rubric criterion from the findings: [{id, score, max, reason}]."""
    out = []
    for item in resolve_rubric(doc, rubric):
        share, reason = SCORERS[item["id"]](doc, findings)
        weight = item["weight"]
        out.append({"id": item["id"], "score": round(weight * max(0.0, min(1.0, share))),
                    "max": weight, "reason": reason[1] if doc.en else reason[0]})
    return out


def total(criteria: list[dict]) -> int:
    """Overall 0-100 from criterion scores."""
    top = sum(c["max"] for c in criteria)
    return round(100 * sum(c["score"] for c in criteria) / top) if top else 0


def apply_caps(critique: dict, *, pass_score: int | None = None,
               rules_critique: dict | None = None) -> dict:
    """Return a copy with caps applied; with rules_critique, also bound an LLM's changes.

    With rules_critique: rule-owned findings (compliance.*, integrity.*) the rules found are kept,
    RULE_CRITERIA take the rules' scores, QUALITY_CRITERIA stay within ±LLM_ADJUST_FRACTION·max
    of the rules' scores. Then the compliance and integrity caps apply and score/passed are redone.
    """
    out = _copy.deepcopy(critique)
    if rules_critique is not None:
        _bound_to_rules(out, rules_critique)
    findings = out.get("findings", [])
    if pass_score is None:
        pass_score = out.get("pass_score")
    has_error = any(f["code"].startswith("compliance.") and f["severity"] == "error" for f in findings)
    injected = any(f["code"] == "integrity.prompt_injection" for f in findings)
    for c in out["criteria"]:
        if (has_error and c["id"] == "compliance") or injected:
            c["score"], c["capped"] = 0, True
    score = total(out["criteria"])
    if has_error:
        score = min(score, compliance_cap(pass_score))
    out["score"] = 0 if injected else score
    out["flagged"] = injected
    if pass_score is not None:
        out["pass_score"] = pass_score
        out["passed"] = not injected and out["score"] >= pass_score
    return out


def _bound_to_rules(out: dict, rules: dict) -> None:
    """Keep rule-owned findings and keep criterion scores within the allowed LLM range."""
    keys = {(f["code"], f.get("field"), f["start"], f["end"]) for f in out.get("findings", [])}
    for f in rules.get("findings", []):
        owned = f["code"].startswith(("compliance.", "integrity."))
        if owned and (f["code"], f.get("field"), f["start"], f["end"]) not in keys:
            out.setdefault("findings", []).append(f)
    base = {c["id"]: c for c in rules["criteria"]}
    for c in out["criteria"]:
        ref = base.get(c["id"])
        if ref is None:
            continue
        c["max"] = ref["max"]
        if c["id"] in QUALITY_CRITERIA:
            room = LLM_ADJUST_FRACTION * ref["max"]
            low, high = max(0, ref["score"] - room), min(ref["max"], ref["score"] + room)
            c["score"] = round(min(high, max(low, c.get("score", ref["score"]))))
        else:
            c["score"] = ref["score"]
