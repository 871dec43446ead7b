"""The product category of the document being critiqued (from the brief, the title and the
text), computed once per document; shared by the information detectors and the fitting of
examples, so neither has to import the other."""

from __future__ import annotations

from tutor.products import Category, category_for
from tutor.rules.base import Document


def category(doc: Document) -> Category:
    """The document's product category (computed once)."""
    if "category" not in doc.cache:
        title = doc.field_named("title")
        doc.cache["category"] = category_for(
            doc.brief, title.normalized.compact.text if title else "", doc.main.normalized.compact.text,
            folded=True)  # the fields' compact views are computed once and shared with the rules
    return doc.cache["category"]


def freshness_applies(doc: Document) -> bool:
    """False for products without a date that matters (a basket, shoes): freshness is not asked
    for by default; seeds keep it (production date, germination rate)."""
    return category(doc).freshness
