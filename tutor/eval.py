"""Precision and recall of the critic on labelled cases (see shared/tutor-eval/README.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tutor.critic import critique
from tutor.errors import TutorError


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL file of cases, skipping blank lines."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _ratio(num: int, den: int) -> float:
    """num/den, or 1.0 when there is nothing to measure."""
    return num / den if den else 1.0


# Codes a clean text must never trip: the rule critic's compliance and integrity findings.
CLEAN_PREFIXES = ("compliance.", "integrity.")


def _findings(case: dict[str, Any]) -> list[dict]:
    """The rule critic's findings for one case."""
    return critique(case["kind"], case["input"], case.get("brief"))["findings"]


def evaluate(cases: Iterable[dict[str, Any]],
             run: Callable[[dict[str, Any]], set[str]] | None = None) -> dict[str, Any]:
    """Count found-expected (tp), found-absent (fp) and missed-expected (fn) codes."""
    run = run or (lambda c: {f["code"] for f in _findings(c)})
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    failures, n = [], 0
    for case in cases:
        n += 1
        try:
            found = run(case)
        except TutorError as exc:
            found, error = set(), exc.message
        else:
            error = None
        missed = [c for c in case.get("expect", []) if c not in found]
        wrong = [c for c in case.get("absent", []) if c in found]
        for code in case.get("expect", []):
            per[code]["tp" if code in found else "fn"] += 1
        for code in wrong:
            per[code]["fp"] += 1
        if missed or wrong or error:
            failures.append({"id": case.get("id", f"#{n}"), "missed": missed, "unexpected": wrong,
                             **({"error": error} if error else {})})
    codes = {}
    for code in sorted(per):
        c = per[code]
        codes[code] = {**c, "precision": round(_ratio(c["tp"], c["tp"] + c["fp"]), 4),
                       "recall": round(_ratio(c["tp"], c["tp"] + c["fn"]), 4)}
    tp, fp, fn = (sum(c[k] for c in per.values()) for k in ("tp", "fp", "fn"))
    return {"cases": n, "codes": codes, "failures": failures,
            "overall": {"tp": tp, "fp": fp, "fn": fn,
                        "precision": round(_ratio(tp, tp + fp), 4),
                        "recall": round(_ratio(tp, tp + fn), 4)}}


def false_alarms(texts: Iterable[dict[str, Any]], prefixes: tuple[str, ...] = CLEAN_PREFIXES,
                 run: Callable[[dict[str, Any]], list[dict]] | None = None) -> dict[str, Any]:
    """On a clean corpus: how many texts trip any finding whose code starts with `prefixes`.

    Every finding there is a false alarm, whatever the case's own labels say; the rate is
    flagged texts / texts, and each alarm names the text, code and excerpt so it can be read.
    """
    run = run or _findings
    n, flagged, alarms, per_code = 0, 0, [], defaultdict(int)
    for case in texts:
        n += 1
        cid = case.get("id", f"#{n}")
        try:
            found = [f for f in run(case) if f["code"].startswith(prefixes)]
        except TutorError as exc:
            alarms.append({"id": cid, "error": exc.message})
            flagged += 1
            continue
        if found:
            flagged += 1
        for f in found:
            per_code[f["code"]] += 1
            alarms.append({"id": cid, "code": f["code"], "excerpt": f.get("excerpt", "")})
    return {"texts": n, "flagged": flagged, "false_alarm_rate": round(flagged / n, 4) if n else 0.0,
            "codes": dict(sorted(per_code.items())), "alarms": alarms}


def format_clean(report: dict[str, Any]) -> str:
    """Plain text for a clean-corpus report: the rate, alarms per code, then each alarm."""
    rows = [(f"clean corpus: {report['texts']} texts, {report['flagged']} with a finding, "
            f"false-alarm rate {report['false_alarm_rate']:.3f}")]
    rows += [f"  {code:32} {n:>4}" for code, n in report["codes"].items()]
    for a in report["alarms"]:
        rows.append(f"ALARM {a['id']}: " + (f"error={a['error']}" if "error" in a
                                             else f"{a['code']} “{a['excerpt']}”"))
    return "\n".join(rows)


def format_table(report: dict[str, Any]) -> str:
    """A plain-text table: one row per code, then the overall row and any failures."""
    rows = [f"{'code':32} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}"]
    for code, c in report["codes"].items():
        rows.append(f"{code:32} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} "
                    f"{c['precision']:>10.3f} {c['recall']:>8.3f}")
    o = report["overall"]
    rows.append("-" * 67)
    rows.append(f"{'overall (' + str(report['cases']) + ' cases)':32} {o['tp']:>4} {o['fp']:>4} "
                f"{o['fn']:>4} {o['precision']:>10.3f} {o['recall']:>8.3f}")
    for f in report["failures"]:
        rows.append(f"FAIL {f['id']}: missed={f['missed']} unexpected={f['unexpected']}"
                    + (f" error={f['error']}" if "error" in f else ""))
    return "\n".join(rows)
