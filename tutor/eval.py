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


def evaluate(cases: Iterable[dict[str, Any]],
             run: Callable[[dict[str, Any]], set[str]] | None = None) -> dict[str, Any]:
    """Count found-expected (tp), found-absent (fp) and missed-expected (fn) codes."""
    run = run or (lambda c: {f["code"] for f in critique(c["kind"], c["input"], c.get("brief"))["findings"]})
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
