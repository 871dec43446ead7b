"""Reports for staff: how far each learner of a cohort got, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import joinedload

from lms.clock import local_today, utcnow
from lms.extensions import db
from lms.models import (
    AttemptStatus,
    Cohort,
    Course,
    Lesson,
    LessonProgress,
    MemberRole,
    Membership,
    Placement,
    TaskAttempt,
    TaskVersion,
    Track,
    User,
)
from lms.services.assignments import due_rows, lesson_due_rows


@dataclass(frozen=True)
class LearnerProgress:
    """One learner's row in the cohort progress report (GET /api/v1/cohorts/<id>/progress).

    - username: the login name (username, or the phone number for accounts without one).
    - lessons_total: active lessons of the learner's placed track; all active lessons of every
      track if the learner has not been placed yet (what the learner is shown, too).
    - lessons_done: how many of those lessons the learner marked done.
    - tasks_assigned: distinct active tasks assigned to the learner, through any cohort they
      learn in or personally (what their "Assigned to you" list shows).
    - tasks_passed: how many of those assigned tasks the learner has passed (any version);
      so tasks_passed <= tasks_assigned. Practice on unassigned tasks is not counted.
    - overdue: assigned tasks not passed and assigned lessons not marked done whose due date
      is before today, today being the calendar day in LMS_TIMEZONE.
    - last_active: User.last_active_at (naive UTC), or None if never active.
    """

    username: str
    lessons_done: int
    lessons_total: int
    tasks_passed: int
    tasks_assigned: int
    overdue: int
    last_active: datetime | None


def _in_active_track(query):
    """Join a query over Lesson to its course and track, keeping lessons still in the content."""
    return (query.join(Course, Course.id == Lesson.course_id).join(Track, Track.id == Course.track_id)
            .where(Lesson.is_active.is_(True), Course.is_active.is_(True), Track.is_active.is_(True)))


@dataclass
class _Facts:
    user_id: int
    display_name: str
    login_name: str
    last_active: datetime | None
    track_id: int | None
    lessons_done: int
    lessons_total: int
    tasks_assigned: int
    tasks_passed: int
    overdue: int
    lessons_assigned: int = 0
    lessons_assigned_done: int = 0


def _learner_facts(cohort: Cohort, only: list[int] | None = None) -> list[_Facts]:
    """Lessons, assigned tasks and activity for every learner of the cohort.

    Five grouped queries whatever the cohort's size: learners, placements, lessons per track,
    lessons done per learner and track, assigned/passed/overdue per learner.
    """
    learner_ids = cohort_learner_ids(cohort, only)
    learners = db.session.execute(
        select(User.id, User.display_name, User.username, User.phone, User.last_active_at)
        .where(User.id.in_(learner_ids)))

    track_of: dict[int, int] = {}  # newest placement wins
    for user_id, track_id in db.session.execute(
            select(Placement.user_id, Placement.chosen_track_id)
            .where(Placement.user_id.in_(learner_ids)).order_by(Placement.created_at, Placement.id)):
        track_of[user_id] = track_id

    lessons_per_track = dict(db.session.execute(_in_active_track(
        select(Course.track_id, func.count()).select_from(Lesson)).group_by(Course.track_id)).all())
    done: dict[int, dict[int, int]] = {}
    for user_id, track_id, n in db.session.execute(_in_active_track(
            select(LessonProgress.user_id, Course.track_id, func.count())
            .join(Lesson, Lesson.id == LessonProgress.lesson_id))
            .where(LessonProgress.user_id.in_(learner_ids))
            .group_by(LessonProgress.user_id, Course.track_id)):
        done.setdefault(user_id, {})[track_id] = n

    tasks = _task_counts(learner_ids)
    facts = []
    for user_id, display_name, username, phone, last_active in learners:
        track_id = track_of.get(user_id)
        mine = done.get(user_id, {})
        if track_id is None:
            lessons_done, lessons_total = sum(mine.values()), sum(lessons_per_track.values())
        else:
            lessons_done, lessons_total = mine.get(track_id, 0), lessons_per_track.get(track_id, 0)
        assigned, passed, overdue, lessons_assigned, lessons_assigned_done, lessons_overdue = \
            tasks.get(user_id, (0, 0, 0, 0, 0, 0))
        facts.append(_Facts(user_id, display_name, username or phone or str(user_id), last_active, track_id,
                            lessons_done, lessons_total, assigned, passed, overdue + lessons_overdue,
                            lessons_assigned, lessons_assigned_done))
    return facts


def cohort_learner_ids(cohort: Cohort, only: list[int] | None = None):
    """A select of the ids of the cohort's learners (for IN clauses), or of those among `only`."""
    query = select(Membership.user_id).where(
        Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)
    return query if only is None else query.where(Membership.user_id.in_(only))


def cohort_progress(cohort: Cohort) -> list[LearnerProgress]:
    """Every learner of the cohort with lessons, assigned tasks and activity, by login name
    (five queries whatever the cohort's size)."""
    rows = [LearnerProgress(f.login_name, f.lessons_done, f.lessons_total, f.tasks_passed,
                            f.tasks_assigned, f.overdue, f.last_active) for f in _learner_facts(cohort)]
    return sorted(rows, key=lambda r: r.username)


def _task_counts(learner_ids) -> dict[int, tuple[int, int, int, int, int, int]]:
    """User id → (tasks assigned, of them passed, of them overdue, lessons assigned, of them
    done, of them overdue), in one query."""
    today = local_today()
    due = due_rows(learner_ids).subquery()
    passed = (select(TaskAttempt.user_id, TaskVersion.task_id)
              .join(TaskVersion, TaskVersion.id == TaskAttempt.task_version_id)
              .where(TaskAttempt.passed.is_(True), TaskAttempt.user_id.in_(learner_ids))
              .distinct().subquery())
    is_passed = passed.c.task_id.is_not(None)
    tasks = (
        select(due.c.user_id, literal("task").label("kind"), func.count().label("n"),
               func.sum(case((is_passed, 1), else_=0)).label("done"),
               func.sum(case((and_(~is_passed, due.c.due_on < today), 1), else_=0)).label("late"))
        .select_from(due)
        .outerjoin(passed, and_(passed.c.user_id == due.c.user_id, passed.c.task_id == due.c.task_id))
        .group_by(due.c.user_id))
    lesson_due = lesson_due_rows(learner_ids).subquery()
    is_done = LessonProgress.id.is_not(None)
    lessons = (
        select(lesson_due.c.user_id, literal("lesson").label("kind"), func.count(),
               func.sum(case((is_done, 1), else_=0)),
               func.sum(case((and_(~is_done, lesson_due.c.due_on < today), 1), else_=0)))
        .select_from(lesson_due)
        .outerjoin(LessonProgress, and_(LessonProgress.user_id == lesson_due.c.user_id,
                                        LessonProgress.lesson_id == lesson_due.c.lesson_id))
        .group_by(lesson_due.c.user_id))
    counts: dict[int, list[int]] = {}
    for user_id, kind, n, finished, late in db.session.execute(union_all(tasks, lessons)):
        at = 0 if kind == "task" else 3
        counts.setdefault(user_id, [0] * 6)[at:at + 3] = [int(n), int(finished or 0), int(late or 0)]
    return {user_id: tuple(c) for user_id, c in counts.items()}


# ---- "who needs help": the mentor's dashboard ----------------------------------------------

INACTIVE_DAYS = 7
REPEATED_FAILS = 2  # failed attempts at one task, not passed since, before a mentor should look


class Reason:
    """Why a learner is on top of the dashboard, most urgent first (words are in the template)."""

    OVERDUE = "overdue"
    FLAGGED = "flagged"            # the rules flagged an attempt for a human (compliance, integrity)
    FEEDBACK_FAILED = "feedback_failed"
    REPEATED_FAILS = "repeated_fails"
    INACTIVE = "inactive"
    ORDER = (OVERDUE, FLAGGED, FEEDBACK_FAILED, REPEATED_FAILS, INACTIVE)


@dataclass(frozen=True)
class LearnerStatus:
    """One learner's line on the cohort dashboard."""

    user_id: int
    display_name: str
    login_name: str
    track_id: int | None
    lessons_done: int
    lessons_total: int
    tasks_passed: int
    tasks_assigned: int
    overdue: int
    latest_score: int | None
    latest_passed: bool | None
    last_active: datetime | None
    flagged: int
    feedback_failed: int
    repeated_fails: int
    reasons: tuple[str, ...]
    lessons_assigned: int = 0
    lessons_assigned_done: int = 0

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)


def cohort_dashboard(cohort: Cohort, now: datetime | None = None,
                     only: list[int] | None = None) -> list[LearnerStatus]:
    """Every learner of the cohort, those who need help first (by their most urgent reason, then
    how much is overdue), then by name; `only` limits it to some of them (a learner's page).
    Seven queries whatever the cohort's size."""
    now = now or utcnow()
    learner_ids = cohort_learner_ids(cohort, only)
    attempts = _attempt_facts(learner_ids)
    latest = _latest_scores(learner_ids)
    rows = []
    for f in _learner_facts(cohort, only):
        flagged, failed_jobs, repeated = attempts.get(f.user_id, (0, 0, 0))
        reasons = []
        if f.overdue:
            reasons.append(Reason.OVERDUE)
        if flagged:
            reasons.append(Reason.FLAGGED)
        if failed_jobs:
            reasons.append(Reason.FEEDBACK_FAILED)
        if repeated:
            reasons.append(Reason.REPEATED_FAILS)
        if f.last_active is None or now - f.last_active > timedelta(days=INACTIVE_DAYS):
            reasons.append(Reason.INACTIVE)
        score, passed = latest.get(f.user_id, (None, None))
        rows.append(LearnerStatus(
            f.user_id, f.display_name, f.login_name, f.track_id, f.lessons_done, f.lessons_total,
            f.tasks_passed, f.tasks_assigned, f.overdue, score, passed, f.last_active,
            flagged, failed_jobs, repeated, tuple(reasons), f.lessons_assigned, f.lessons_assigned_done))

    def order(r: LearnerStatus):
        first = Reason.ORDER.index(r.reasons[0]) if r.reasons else len(Reason.ORDER)
        return (first, -r.overdue, -len(r.reasons), r.display_name, r.user_id)

    return sorted(rows, key=order)


def _attempt_facts(learner_ids) -> dict[int, tuple[int, int, int]]:
    """User id → (attempts flagged for review, feedback jobs that failed, tasks failed at least
    REPEATED_FAILS times and never passed), from one query grouped by learner and task."""
    per_task = db.session.execute(
        select(TaskAttempt.user_id,
               func.sum(case((TaskAttempt.needs_review.is_(True), 1), else_=0)),
               func.sum(case((TaskAttempt.status == AttemptStatus.FAILED, 1), else_=0)),
               func.sum(case((and_(TaskAttempt.status == AttemptStatus.DONE, TaskAttempt.passed.is_(False)), 1),
                             else_=0)),
               func.sum(case((TaskAttempt.passed.is_(True), 1), else_=0)))
        .join(TaskVersion, TaskVersion.id == TaskAttempt.task_version_id)
        .where(TaskAttempt.user_id.in_(learner_ids))
        .group_by(TaskAttempt.user_id, TaskVersion.task_id))
    facts: dict[int, list[int]] = {}
    for user_id, flagged, failed_jobs, fails, passes in per_task:
        row = facts.setdefault(user_id, [0, 0, 0])
        row[0] += int(flagged or 0)
        row[1] += int(failed_jobs or 0)
        row[2] += int((fails or 0) >= REPEATED_FAILS and not passes)
    return {user_id: (a, b, c) for user_id, (a, b, c) in facts.items()}


def _latest_scores(learner_ids) -> dict[int, tuple[int, bool]]:
    """User id → (score, passed) of their newest graded attempt (one query)."""
    newest = (select(func.max(TaskAttempt.id))
              .where(TaskAttempt.user_id.in_(learner_ids), TaskAttempt.status == AttemptStatus.DONE)
              .group_by(TaskAttempt.user_id))
    return {user_id: (score, passed) for user_id, score, passed in db.session.execute(
        select(TaskAttempt.user_id, TaskAttempt.score, TaskAttempt.passed).where(TaskAttempt.id.in_(newest)))}


def tracks_by_id() -> dict[int, Track]:
    """Every track by id, without its contents (for names on the dashboard)."""
    return {t.id: t for t in db.session.scalars(select(Track))}


def learner_attempts(learner: User) -> list[TaskAttempt]:
    """Every attempt of the learner, newest first, with its task (one query)."""
    return list(db.session.scalars(
        select(TaskAttempt).where(TaskAttempt.user_id == learner.id)
        .options(joinedload(TaskAttempt.task_version).joinedload(TaskVersion.task))
        .order_by(TaskAttempt.created_at.desc(), TaskAttempt.id.desc())))
