"""Pydantic schema of the LLM's answer; anything that does not fit is rejected."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

_TEXT_MAX = 600
_REWRITE_MAX = 4000


class CriterionReview(BaseModel):
    """The model's score and reason for one rubric criterion."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=40)
    score: float
    reason: str = Field(min_length=1, max_length=_TEXT_MAX)


class Review(BaseModel):
    """A validated LLM review: criteria, strengths, improvements and a rewrite."""

    model_config = ConfigDict(extra="ignore")

    criteria: list[CriterionReview] = Field(min_length=1, max_length=12)
    strengths: list[str] = Field(min_length=2, max_length=3)
    improvements: list[str] = Field(min_length=1, max_length=3)
    rewrite: str = Field(min_length=1, max_length=_REWRITE_MAX)
    injection_detected: bool = False

    @field_validator("strengths", "improvements", mode="before")
    @classmethod
    def _keep_first_three(cls, items: object) -> object:
        """A chatty model may list more; the learner sees the first (most important) three."""
        return items[:3] if isinstance(items, list) else items

    @field_validator("strengths", "improvements")
    @classmethod
    def _non_empty_items(cls, items: list[str]) -> list[str]:
        """Each list item is a short, non-blank sentence."""
        cleaned = [s.strip() for s in items]
        if any(not s or len(s) > _TEXT_MAX for s in cleaned):
            raise ValueError("items must be non-empty and short")
        return cleaned

    @field_validator("criteria")
    @classmethod
    def _unique_ids(cls, items: list[CriterionReview]) -> list[CriterionReview]:
        """A criterion may be reviewed only once."""
        ids = [c.id for c in items]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate criterion ids")
        return items


def check_covers(review: Review, criterion_ids: list[str]) -> None:
    """Raise ValueError unless the review covers every rubric criterion (extras are ignored)."""
    missing = set(criterion_ids) - {c.id for c in review.criteria}
    if missing:
        raise ValueError(f"criteria missing from the review: {sorted(missing)}")
