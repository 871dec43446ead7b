"""The rule critic: a registry of rules, each a function from a Document to findings."""

from __future__ import annotations

from tutor.rules import compliance, info, live, reply, style, title  # noqa: F401  (register rules)
from tutor.rules.base import FINDING_CODES, REGISTRY, Document, Field, Rule

__all__ = ["FINDING_CODES", "REGISTRY", "Document", "Field", "Rule", "run_rules"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_rules(doc: Document) -> list[dict]:
    """Run every registered rule that applies to the document's kind; sort findings."""
    findings = [f for rule in REGISTRY if rule.applies_to(doc) for f in rule.check(doc)]
    fields = [f.name for f in doc.fields]
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f["severity"]], fields.index(f["field"]),
                                 f["start"], f["code"]))
    return findings
