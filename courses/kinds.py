"""The content kinds a task file may have, in one place: what each one's file must hold.

A quiz grades itself from its questions; every other kind is critiqued by the tutor, so it has
a brief, a rubric from the tutor's criteria for that kind (tests/courses keeps the two lists
equal) and an exemplar. Adding a kind is one `ContentKind` here (plus its spec in
`tutor/kinds.py` and, for the web app, nothing else: it reads the tutor's registry).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class ContentKind:
    name: str
    self_graded: bool = False                    # a quiz: graded against its own answer key
    rubric_ids: tuple[str, ...] = ()             # criteria a rubric may use (the tutor's)
    needs_product: bool = True                   # the brief names the product
    min_facts: int = 3                           # facts a brief gives, at least
    facts_optional: bool = False                 # …if it gives any (a reply's buyer message may do)
    has_required_info: bool = True               # the brief may list the information a buyer needs
    has_title_limit: bool = False                # the brief may set title_max_bytes (listings)
    has_message: bool = False                    # the brief quotes a buyer's message (replies)
    exemplar_fields: tuple[str, ...] = ("text",)  # what a model answer holds


_KINDS: dict[str, ContentKind] = {k.name: k for k in (
    ContentKind("quiz", self_graded=True),
    ContentKind("copy", rubric_ids=("compliance", "information", "title", "specificity"),
                has_title_limit=True, exemplar_fields=("title", "body")),
    ContentKind("reply", rubric_ids=("compliance", "empathy", "solution"), needs_product=False,
                min_facts=1, facts_optional=True, has_required_info=False, has_message=True),
    ContentKind("livestream", rubric_ids=("compliance", "information", "specificity", "structure", "delivery")),
)}
CONTENT_KINDS: Mapping[str, ContentKind] = MappingProxyType(_KINDS)   # a live, read-only view

# The four shipped kinds (the names SPEC lists); code that must see registered kinds too reads
# CONTENT_KINDS.
TASK_KINDS: tuple[str, ...] = tuple(_KINDS)
RUBRIC_IDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {k.name: k.rubric_ids for k in _KINDS.values() if not k.self_graded})


def register_kind(spec: ContentKind) -> ContentKind:
    """Add a kind (a ValueError if the name is taken)."""
    if spec.name in _KINDS:
        raise ValueError(f"kind {spec.name} is already registered")
    _KINDS[spec.name] = spec
    return spec


def unregister_kind(name: str) -> None:
    """Remove a kind that was added (tests that register a toy kind clean up with this)."""
    if name not in TASK_KINDS:
        _KINDS.pop(name, None)


def content_kind(name: str) -> ContentKind:
    return CONTENT_KINDS[name]


def is_self_graded(name: str) -> bool:
    """True for kinds graded from their own answer key (quizzes), not by the tutor."""
    spec = CONTENT_KINDS.get(name)
    return bool(spec and spec.self_graded)
