"""Human review of submissions: the queue of work that needs a mentor, the learner's request
for one, and the review itself (comment, score override, why), kept in an append-only log.

A submission needs a human when the rules flagged it (an attempt to instruct the grader, or a
compliance error: a rule a villager could be fined for), the LLM disagreed a lot with the
rules, its feedback job failed, the learner tapped "请导师看看", or its task is one a mentor
reviews every time (`mentor_review` in the content: the own-product capstones). It leaves the queue once
reviewed; asking again puts it back. The reviewed score is the attempt's score, so it counts
everywhere (progress, dashboard, gradebook) from then on.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.clock import utcnow
from lms.extensions import db
from lms.models import ID_MAX, AttemptStatus, Review, TaskAttempt, TaskVersion, User
from lms.services import progress
from lms.services.errors import Conflict, Forbidden, Invalid, NotFound
from lms.services.once import insert_once

COMMENT_MAX = 2000
REASON_MAX = 200
QUEUE_MAX = 200


class Why:
    """Why a submission is in the review queue (words are in the templates)."""

    HELP = "help"                        # the learner asked
    INTEGRITY = "integrity"              # it tried to instruct the grader
    COMPLIANCE = "compliance"            # an advertising-law or platform-rule error
    DISAGREEMENT = "disagreement"        # the LLM and the rules disagreed a lot
    FEEDBACK_FAILED = "feedback_failed"  # no feedback could be made
    MENTOR_REVIEW = "mentor_review"      # the task is one a mentor reviews every time (a capstone)


def mentor_reviewed(definition: dict) -> bool:
    """Tasks marked `mentor_review` in the content (the own-product capstones): every
    submission goes to the learner's mentor, whatever the rules found."""
    return bool(definition.get("mentor_review"))


def critique_reason(result: dict) -> str | None:
    """Why a critique needs a human (integrity, compliance, disagreement), or None."""
    codes = [str(f.get("code", "")) for f in result.get("findings") or [] if f.get("severity") == "error"]
    if result.get("flagged") or any(c.startswith("integrity.") for c in codes):
        return Why.INTEGRITY
    if any(c.startswith("compliance.") for c in codes):
        return Why.COMPLIANCE
    if int(result.get("llm_disagreement") or 0) >= current_app.config["REVIEW_DISAGREEMENT_POINTS"]:
        return Why.DISAGREEMENT
    return None


def flags_for(result: dict) -> bool:
    """Whether a fresh critique sends the submission to a human (see the module docstring)."""
    return critique_reason(result) is not None


def why(attempt: TaskAttempt) -> str:
    """The main reason this attempt is (or was) in the queue."""
    if attempt.help_requested:
        return Why.HELP
    if attempt.status == AttemptStatus.FAILED:
        return Why.FEEDBACK_FAILED
    reason = critique_reason(attempt.critique or {})
    if reason is None and mentor_reviewed(attempt.task_version.definition):
        return Why.MENTOR_REVIEW
    return reason or Why.DISAGREEMENT


def can_review(actor: User, attempt: TaskAttempt) -> bool:
    """Staff review the submissions (not quiz answers) of learners they manage."""
    return (permissions.is_staff(actor) and not progress.is_quiz_attempt(attempt)
            and permissions.can_manage_learner(actor, attempt.user))


def reviewable(actor: User):
    """The query form of can_review: submissions waiting for this reviewer, oldest first."""
    learners = permissions.managed_learners_query(actor).with_only_columns(User.id).order_by(None)
    waiting = or_(TaskAttempt.help_requested.is_(True), TaskAttempt.status == AttemptStatus.FAILED,
                  and_(TaskAttempt.needs_review.is_(True), TaskAttempt.status == AttemptStatus.DONE))
    return (select(TaskAttempt)
            .join(TaskVersion, TaskVersion.id == TaskAttempt.task_version_id)
            .where(TaskAttempt.user_id.in_(learners), TaskAttempt.reviewed_at.is_(None), waiting,
                   TaskVersion.definition["kind"].as_string() != "quiz")
            .options(joinedload(TaskAttempt.user), joinedload(TaskAttempt.task_version).joinedload(TaskVersion.task))
            .order_by(TaskAttempt.help_requested.desc(), TaskAttempt.created_at, TaskAttempt.id))


def waiting_count(actor: User) -> int:
    query = reviewable(actor).options().order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.with_only_columns(TaskAttempt.id).subquery()))


def queue_for(actor: User, limit: int = QUEUE_MAX) -> list[TaskAttempt]:
    return list(db.session.scalars(reviewable(actor).limit(limit)))


def get_for_review(actor: User, attempt_id: int) -> TaskAttempt:
    """A submission the actor may review; NotFound for anything else (also quiz answers)."""
    attempt = db.session.get(TaskAttempt, attempt_id) if 0 < attempt_id <= ID_MAX else None
    if attempt is None or not can_review(actor, attempt):
        raise NotFound(_l("Submission not found."))
    return attempt


def reviews_of(attempt: TaskAttempt) -> list[Review]:
    """Every review of the attempt, oldest first, with the reviewer."""
    return list(db.session.scalars(select(Review).where(Review.attempt_id == attempt.id)
                                   .options(joinedload(Review.reviewer)).order_by(Review.id)))


def latest_reviews(attempt_ids: list[int]) -> dict[int, Review]:
    """Attempt id → its newest review, for a list of attempts (one query)."""
    latest: dict[int, Review] = {}
    for review in db.session.scalars(select(Review).where(Review.attempt_id.in_(attempt_ids)).order_by(Review.id)):
        latest[review.attempt_id] = review
    return latest


@dataclass(frozen=True)
class Decision:
    comment: str
    score: int | None
    passed: bool | None
    reason: str


def clean_decision(comment: object, score: object = None, passed: object = None,
                   reason: object = None) -> Decision:
    """Validate what a reviewer sent; Invalid with the field at fault."""
    if not isinstance(comment, str) or not comment.strip():
        raise Invalid(_l("Please write a comment for the learner."), field="comment")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid(_l("The comment is too long (at most %(n)s characters).", n=COMMENT_MAX), field="comment")
    if score is not None:
        if isinstance(score, str) and score.strip().isdigit():
            score = int(score.strip())
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
            raise Invalid(_l("The score must be a whole number from 0 to 100."), field="score")
    if passed is not None and not isinstance(passed, bool):
        raise Invalid(_l("Passed must be true or false."), field="passed")
    if reason is None:
        reason = ""
    if not isinstance(reason, str) or len(reason.strip()) > REASON_MAX:
        raise Invalid(_l("The reason is too long (at most %(n)s characters).", n=REASON_MAX), field="reason")
    return Decision(comment, score, passed, reason.strip())


def _outcome(attempt: TaskAttempt, score: int | None, passed: bool | None) -> tuple[int | None, bool | None]:
    """The score and verdict a review leaves: the new ones, or the attempt's; a new score alone
    passes or fails by the task's pass score."""
    pass_score = int(attempt.task_version.definition.get("pass_score") or 60)
    new_score = attempt.score if score is None else score
    verdict = passed if passed is not None else (attempt.passed if score is None else new_score >= pass_score)
    return new_score, verdict


def needs_reason(attempt: TaskAttempt, score: object, passed: bool | None, reason: object) -> bool:
    """Whether a review form changes the score or verdict without saying why, checked beside the
    form's other errors so the reviewer hears of every missing part at once."""
    text = score.strip() if isinstance(score, str) else ""
    value = int(text) if text.isdigit() and int(text) <= 100 else None
    if text and value is None:
        return False   # the score itself is wrong; that error is shown
    new_score, verdict = _outcome(attempt, value, passed)
    changed = new_score != attempt.score or verdict != attempt.passed
    return changed and not (isinstance(reason, str) and reason.strip())


def do_review(actor: User, attempt: TaskAttempt, decision: Decision, key: str) -> tuple[Review, bool]:
    """Record a review: the comment, and a new score and verdict if the reviewer changed them
    (then a reason is required). The same key twice is one review: (review, created)."""
    if not can_review(actor, attempt):
        raise NotFound(_l("Submission not found."))
    if attempt.is_pending:
        raise Conflict(_l("The feedback is still being made. Please review it when it is ready."))
    key = (key or "").strip()[:64]
    if not key:
        raise Invalid(_l("The form expired. Please reload the page and try again."), field="comment")
    score, passed = _outcome(attempt, decision.score, decision.passed)
    if attempt.critique and attempt.critique.get("flagged") and passed:
        raise Forbidden(_l("This submission tried to instruct the grader; it cannot be passed. "
                           "Ask the learner to submit their own work again."))
    changed = score != attempt.score or passed != attempt.passed
    if changed and not decision.reason:
        raise Invalid(_l("Please say why you change the score."), field="reason")
    review = Review(attempt_id=attempt.id, reviewer_id=actor.id, key=key, score_before=attempt.score,
                    score_after=score, passed_before=attempt.passed, passed_after=passed,
                    reason=decision.reason, comment=decision.comment)
    attempt.score, attempt.passed = score, passed
    attempt.reviewed_at = utcnow()
    attempt.help_requested = False
    attempt_id = attempt.id
    return insert_once(review, lambda: db.session.scalar(
        select(Review).where(Review.attempt_id == attempt_id, Review.key == key)))


def do_request_help(actor: User, attempt: TaskAttempt) -> bool:
    """The learner asks their mentor to look at a submission; True if newly asked."""
    if attempt.user_id != actor.id or progress.is_quiz_attempt(attempt):
        raise NotFound(_l("This page does not exist or you cannot see it."))
    if attempt.help_requested and attempt.reviewed_at is None:
        return False
    attempt.help_requested = True
    attempt.reviewed_at = None
    db.session.commit()
    return True
