"""Benchmark: precision/recall of the rule critic on the shared sample and our own cases."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.eval import evaluate, format_table, load_cases

SETS = {
    # The shared sample when the repo sits beside ../shared, else the copy kept with the tests.
    "sample": next(p for p in (ROOT.parent / "shared" / "tutor-eval" / "sample.jsonl",
                               ROOT / "tests" / "tutor" / "sample.jsonl") if p.exists()),
    "own cases": ROOT / "tests" / "tutor" / "cases.jsonl",
}


def main() -> int:
    """Print the per-code table for each set, then one summary line per set and combined."""
    combined = []
    lines = []
    for name, path in SETS.items():
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        cases = load_cases(path)
        combined += cases
        start = time.perf_counter()
        report = evaluate(cases)
        ms = (time.perf_counter() - start) * 1000
        print(f"== {name} ({path.name})\n{format_table(report)}\n")
        o = report["overall"]
        lines.append(f"{name:10} cases={report['cases']:3} precision={o['precision']:.3f} "
                     f"recall={o['recall']:.3f} time={ms:.0f} ms")
    o = evaluate(combined)["overall"]
    lines.append(f"{'combined':10} cases={len(combined):3} precision={o['precision']:.3f} "
                 f"recall={o['recall']:.3f}")
    print("\n".join(lines))
    return 0 if o["precision"] >= 0.95 and o["recall"] >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
