"""Compliance and integrity rules: one registry entry per code, a word list plus its grammar.

Each code reads its word list in tutor/data/ and, where a list cannot be complete, a detector
module that finds the pattern behind the words (最 + adjective, 治 + a disease, a contact id after
a channel word, text addressed to the grader). Both go through the list's exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tutor.rules import absolute, guarantee, injection, medical, steering
from tutor.rules.base import Document, finding, register
from tutor.rules.fit import suggestion_examples
from tutor.rules.lexicon import load
from tutor.text import Normalized

LEXICONS = {
    "compliance.absolute_term": "absolute_terms",
    "compliance.medical_claim": "medical_claims",
    "compliance.guarantee": "guarantees",
    "compliance.off_platform": "off_platform",
    "integrity.prompt_injection": "prompt_injection",
}
Detector = Callable[[Normalized], list[tuple[int, int]]]
DETECTORS: dict[str, Detector] = {
    "compliance.absolute_term": absolute.detect,
    "compliance.medical_claim": medical.detect,
    "compliance.off_platform": steering.detect,
    "integrity.prompt_injection": injection.detect,
}
# Hits a code's grammar drops after matching (a medical verb negated in its clause, 100% as a
# composition, 绝对 before a prohibition).
KEEP = {"compliance.medical_claim": medical.keep, "compliance.off_platform": steering.keep,
        "compliance.guarantee": guarantee.keep}


def lexicon_rule(code: str, data_file: str):
    """Build a rule that reports every match of one lexicon in every learner field."""

    def check(doc: Document) -> Iterator[dict]:
        lex = load(data_file)
        fill = suggestion_examples(doc)  # fitted to the product, in the learner's language
        detector = DETECTORS.get(code)
        for fld in doc.fields:
            extra = detector(fld.normalized) if detector else []
            for hit in lex.find(fld.normalized, extra, KEEP.get(code)):
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
