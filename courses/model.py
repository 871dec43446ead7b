"""The course catalog as typed, immutable values."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from courses.kinds import RUBRIC_IDS, TASK_KINDS  # noqa: F401  (the registry's names, kept importable here)

QUESTION_TYPES = ("single", "multiple", "truefalse")
REQUIRED_INFO = ("origin", "spec", "freshness", "storage", "shipping", "price")


def content_hash(payload: Any) -> str:
    """sha256 of the canonical JSON of `payload` (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Option:
    """One answer option of a quiz question."""

    id: str
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """One quiz question: single, multiple or truefalse."""

    id: str
    type: str
    prompt: str
    options: tuple[Option, ...]

    @property
    def correct_ids(self) -> frozenset[str]:
        """Ids of the correct options."""
        return frozenset(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class RubricCriterion:
    """One rubric criterion with its weight and what full/partial/no credit look like."""

    id: str
    weight: int
    full: str
    partial: str
    none: str


@dataclass(frozen=True)
class Brief:
    """What a copy/reply/livestream task asks the learner to do."""

    text: str
    product: str | None = None
    facts: tuple[str, ...] = ()
    required_info: tuple[str, ...] = ()
    title_max_bytes: int | None = None
    message: str | None = None

    def for_tutor(self) -> dict[str, Any]:
        """The brief in the shape `tutor.critique(kind, input, brief)` takes."""
        result: dict[str, Any] = {}
        if self.product:
            result["product"] = self.product
        if self.required_info:
            result["required_info"] = list(self.required_info)
        if self.title_max_bytes:
            result["title_max_bytes"] = self.title_max_bytes
        return result


@dataclass(frozen=True)
class Exemplar:
    """A model answer: copy has title + body; reply and livestream have text."""

    title: str | None = None
    body: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Task:
    """One graded practice task; `content_hash` changes whenever its learner-facing text does."""

    slug: str
    kind: str
    title: str
    title_en: str
    track: str
    course: str
    pass_score: int
    hints: tuple[str, ...]
    lesson: str | None = None
    questions: tuple[Question, ...] = ()
    brief: Brief | None = None
    rubric: tuple[RubricCriterion, ...] = ()
    exemplar: Exemplar | None = None
    # A mentor reviews every submission (capstones on the learner's own product).
    mentor_review: bool = False
    file: str = ""
    content_hash: str = field(default="", compare=False)

    def hash_payload(self) -> dict[str, Any]:
        """The fields that make up a task version."""
        payload = {
            "kind": self.kind,
            "title": self.title,
            "brief": asdict(self.brief) if self.brief else None,
            "rubric": [asdict(c) for c in self.rubric],
            "pass_score": self.pass_score,
            "questions": [asdict(q) for q in self.questions],
            "exemplar": asdict(self.exemplar) if self.exemplar else None,
            "hints": list(self.hints),
        }
        if self.mentor_review:  # only when set, so existing tasks keep their versions
            payload["mentor_review"] = True
        return payload


@dataclass(frozen=True)
class Lesson:
    """One short lesson: front matter plus a Markdown body."""

    slug: str
    title: str
    title_en: str
    track: str
    course: str
    minutes: int
    key_points: tuple[str, ...]
    body: str
    chars: int
    file: str = ""
    content_hash: str = field(default="", compare=False)

    def hash_payload(self) -> dict[str, Any]:
        """The fields that make up a lesson version."""
        return {
            "title": self.title,
            "title_en": self.title_en,
            "minutes": self.minutes,
            "key_points": list(self.key_points),
            "body": self.body,
        }


@dataclass(frozen=True)
class Course:
    """One course of a track: lessons and tasks in order."""

    slug: str
    track: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    lessons: tuple[Lesson, ...]
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Track:
    """One of the three tracks (basic, livestream, advanced) and its courses in order."""

    slug: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    courses: tuple[Course, ...]


@dataclass(frozen=True)
class PlacementOption:
    """One answer of a placement question with points toward tracks."""

    id: str
    text: str
    points: Mapping[str, int]


@dataclass(frozen=True)
class PlacementQuestion:
    """One placement question."""

    id: str
    prompt: str
    options: tuple[PlacementOption, ...]


@dataclass(frozen=True)
class Placement:
    """The placement quiz; `tracks` is the track order used to break ties."""

    minutes: int
    questions: tuple[PlacementQuestion, ...]
    explanations: Mapping[str, str]
    tracks: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """Every track, course, lesson and task, plus the placement quiz."""

    tracks: tuple[Track, ...]
    placement: Placement

    @property
    def courses(self) -> tuple[Course, ...]:
        """All courses in track order."""
        return tuple(c for t in self.tracks for c in t.courses)

    @cached_property
    def lessons(self) -> dict[str, Lesson]:
        """All lessons by slug, in catalog order."""
        return {le.slug: le for c in self.courses for le in c.lessons}

    @cached_property
    def tasks(self) -> dict[str, Task]:
        """All tasks by slug, in catalog order."""
        return {t.slug: t for c in self.courses for t in c.tasks}

    def track(self, slug: str) -> Track:
        """The track with this slug (KeyError if none)."""
        for t in self.tracks:
            if t.slug == slug:
                return t
        raise KeyError(slug)
