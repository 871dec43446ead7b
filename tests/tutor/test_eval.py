"""Eval numbers on the shared sample and on our own unseen-product cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.eval import evaluate, load_cases

HERE = Path(__file__).resolve().parent
# A copy of ../shared/tutor-eval/sample.jsonl, so the test runs wherever the repo is cloned.
SAMPLE = HERE / "sample.jsonl"
CASES = HERE / "cases.jsonl"


@pytest.mark.parametrize("path", [SAMPLE, CASES], ids=["sample", "own-cases"])
def test_precision_and_recall_at_least_95(path):
    report = evaluate(load_cases(path))
    assert report["overall"]["precision"] >= 0.95, report["failures"]
    assert report["overall"]["recall"] >= 0.95, report["failures"]


def test_own_cases_cover_every_code_and_are_many():
    from tutor import FINDING_CODES
    cases = load_cases(CASES)
    assert len(cases) >= 40
    expected = {c for case in cases for c in case["expect"]}
    assert expected == set(FINDING_CODES)


def test_evaluate_counts_false_positives_and_misses():
    cases = [{"id": "a", "kind": "copy", "input": {"body": "最甜的桃"},
              "expect": ["compliance.medical_claim"], "absent": ["compliance.absolute_term"]}]
    report = evaluate(cases)
    assert report["overall"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0}
    assert report["failures"][0]["id"] == "a"
