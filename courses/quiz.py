"""Grade a quiz task from the learner's chosen options."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from courses.model import Task


@dataclass(frozen=True)
class OptionFeedback:
    """One option as the learner sees it after answering."""

    id: str
    text: str
    correct: bool
    chosen: bool
    explanation: str


@dataclass(frozen=True)
class QuestionResult:
    """Whether one question was answered fully right, with every option explained."""

    id: str
    prompt: str
    correct: bool
    chosen: tuple[str, ...]
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class QuizResult:
    """Score 0–100 (percentage of questions fully right) and per-question feedback."""

    score: int
    passed: bool
    questions: tuple[QuestionResult, ...]


def grade_quiz(task: Task, answers: Mapping[str, Iterable[str]]) -> QuizResult:
    """Grade `answers` (question id -> chosen option ids); unanswered or unknown ids are wrong."""
    if task.kind != "quiz":
        raise ValueError(f"task {task.slug} is a {task.kind} task, not a quiz")
    results = []
    for question in task.questions:
        raw = answers.get(question.id) or ()
        chosen = (raw,) if isinstance(raw, str) else tuple(raw)
        right = frozenset(chosen) == question.correct_ids and len(set(chosen)) == len(chosen)
        feedback = tuple(
            OptionFeedback(o.id, o.text, o.correct, o.id in chosen, o.explanation)
            for o in question.options
        )
        results.append(QuestionResult(question.id, question.prompt, right, chosen, feedback))
    n_right = sum(r.correct for r in results)
    score = round(100 * n_right / len(results)) if results else 0
    return QuizResult(score, score >= task.pass_score, tuple(results))
