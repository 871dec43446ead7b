"""Eval numbers on the shared sample and on our own unseen-product cases."""

from __future__ import annotations

import json
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


# --- the grown set and the clean corpus (issue 11) ------------------------------------------------

GROWN = HERE / "eval_cases.jsonl"
CLEAN = HERE / "clean_corpus.jsonl"
JUDGED = ("compliance.absolute_term", "compliance.medical_claim", "compliance.guarantee",
          "compliance.off_platform", "integrity.prompt_injection")


def test_grown_set_precision_and_recall_per_code():
    cases = load_cases(GROWN)
    assert len(cases) >= 300
    report = evaluate(cases)
    for code in JUDGED:
        row = report["codes"][code]
        assert row["tp"] >= 40, code  # each code is measured on many cases, not a handful
        assert row["precision"] >= 0.98 and row["recall"] >= 0.95, (code, row, report["failures"])


def test_clean_corpus_has_no_compliance_or_integrity_finding():
    from tutor.eval import false_alarms
    texts = load_cases(CLEAN)
    assert len(texts) >= 200
    assert {t["kind"] for t in texts} == {"copy", "reply", "livestream"}
    report = false_alarms(texts)
    assert report["flagged"] == 0, report["alarms"]


def test_committed_sets_are_what_the_builder_writes():
    """The JSONL files are generated from eval_texts.py; a hand edit would be lost on rebuild."""
    from tests.tutor.build_eval_sets import clean_corpus, eval_cases
    assert load_cases(GROWN) == eval_cases()
    assert load_cases(CLEAN) == clean_corpus()


def test_false_alarms_counts_texts_not_findings_and_names_each_alarm():
    from tutor.eval import false_alarms
    texts = [{"id": "quiet", "kind": "copy", "input": {"body": "富含维生素C，最近刚摘。"}},
             {"id": "loud", "kind": "copy", "input": {"body": "最甜的桃，加微信下单。"}},
             {"id": "info-only", "kind": "copy", "input": {"body": "好吃。"}}]
    report = false_alarms(texts)
    assert report["texts"] == 3 and report["flagged"] == 1 and report["false_alarm_rate"] == round(1 / 3, 4)
    assert {(a["id"], a["code"]) for a in report["alarms"]} == {
        ("loud", "compliance.absolute_term"), ("loud", "compliance.off_platform")}
    assert report["codes"] == {"compliance.absolute_term": 1, "compliance.off_platform": 1}


def test_cli_reports_per_code_rows_and_clean_false_alarm_rate(tmp_path):
    from tests.tutor.test_cli import run
    noisy = tmp_path / "noisy.jsonl"
    noisy.write_text('{"id": "n1", "kind": "reply", "input": {"message": "在吗", "reply": "加我V：abc123"}}\n',
                     encoding="utf-8")
    res = run("eval", str(GROWN), "--clean", str(CLEAN), "--clean", str(noisy))
    assert res.returncode == 0, res.stderr
    assert "compliance.medical_claim" in res.stdout and "integrity.prompt_injection" in res.stdout
    assert f"clean corpus: {len(load_cases(CLEAN)) + 1} texts, 1 with a finding" in res.stdout
    assert "ALARM n1: compliance.off_platform" in res.stdout
    res = run("eval", "--json", "--clean", str(noisy))
    out = json.loads(res.stdout)
    assert set(out) == {"clean"}  # no labelled FILE: no precision/recall table
    assert out["clean"]["flagged"] == 1 and out["clean"]["codes"] == {"compliance.off_platform": 1}
    assert run("eval").returncode != 0  # nothing to evaluate is an input error


# --- the blind set (issue 11): written from SPEC §3 by someone who had not read the rules ---------

BLIND = HERE / "blind_cases.jsonl"
BLIND_CLEAN = HERE / "blind_clean.jsonl"


def test_blind_set_precision_and_recall_per_code():
    cases = load_cases(BLIND)
    assert len(cases) >= 150
    report = evaluate(cases)
    for code in JUDGED:
        row = report["codes"][code]
        assert row["tp"] >= 20, code
        assert row["precision"] >= 0.98 and row["recall"] >= 0.95, (code, row, report["failures"])
    look_alikes = [c for c in cases if not c["expect"]]
    assert len(look_alikes) >= 60 and not [f for f in report["failures"]
                                            if f["id"] in {c["id"] for c in look_alikes}]


def test_blind_clean_texts_have_no_compliance_or_integrity_finding():
    from tutor.eval import false_alarms
    texts = load_cases(BLIND_CLEAN)
    assert len(texts) >= 60 and {t["kind"] for t in texts} == {"copy", "reply", "livestream"}
    report = false_alarms(texts)
    assert report["flagged"] == 0, report["alarms"]


def test_blind_files_are_what_blind_texts_writes():
    from tests.tutor.blind_texts import cases, clean_texts
    assert load_cases(BLIND) == cases()
    assert load_cases(BLIND_CLEAN) == clean_texts()
