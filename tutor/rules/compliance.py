"""Compliance and integrity rules: one registry entry per word list in tutor/data/."""

from __future__ import annotations

from collections.abc import Iterator

from tutor.rules.base import Document, finding, register
from tutor.rules.fit import suggestion_examples
from tutor.rules.lexicon import load

LEXICONS = {
    "compliance.absolute_term": "absolute_terms",
    "compliance.medical_claim": "medical_claims",
    "compliance.guarantee": "guarantees",
    "compliance.off_platform": "off_platform",
    "integrity.prompt_injection": "prompt_injection",
}


def lexicon_rule(code: str, data_file: str):
    """Build a rule that reports every match of one lexicon in every learner field."""

    def check(doc: Document) -> Iterator[dict]:
        lex = load(data_file)
        fill = suggestion_examples(doc)  # fitted to the product, in the learner's language
        for fld in doc.fields:
            for hit in lex.find(fld.normalized):
                excerpt = fld.text[hit.start:hit.end]
                yield finding(
                    doc, code, fld, hit.start, hit.end,
                    (lex.text_for("message", False, excerpt), lex.text_for("message", True, excerpt)),
                    (lex.text_for("suggestion", False, excerpt, **fill),
                     lex.text_for("suggestion", True, excerpt, **fill)))

    check.__name__ = f"check_{data_file}"
    check.__doc__ = f"Report matches of tutor/data/{data_file}.yaml ({code})."
    return check


for _code, _file in LEXICONS.items():
    register(_code)(lexicon_rule(_code, _file))
