"""Reports for staff: how far each learner of a cohort got, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from lms.clock import local_today
from lms.extensions import db
from lms.models import (
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
from lms.services.assignments import due_rows


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
    - overdue: assigned tasks not passed whose (earliest) due date is before today, today
      being the calendar day in LMS_TIMEZONE.
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


def cohort_progress(cohort: Cohort) -> list[LearnerProgress]:
    """Every learner of the cohort with lessons, assigned tasks and activity, by login name.

    Five grouped queries whatever the cohort's size: learners, placements, lessons per track,
    lessons done per learner and track, assigned/passed/overdue per learner.
    """
    learner_ids = select(Membership.user_id).where(
        Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)
    learners = db.session.execute(
        select(User.id, User.username, User.phone, User.last_active_at).where(User.id.in_(learner_ids)))

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
    rows = []
    for user_id, username, phone, last_active in learners:
        track_id = track_of.get(user_id)
        mine = done.get(user_id, {})
        if track_id is None:
            lessons_done, lessons_total = sum(mine.values()), sum(lessons_per_track.values())
        else:
            lessons_done, lessons_total = mine.get(track_id, 0), lessons_per_track.get(track_id, 0)
        assigned, passed, overdue = tasks.get(user_id, (0, 0, 0))
        rows.append(LearnerProgress(username or phone or str(user_id), lessons_done, lessons_total,
                                    passed, assigned, overdue, last_active))
    return sorted(rows, key=lambda r: r.username)


def _task_counts(learner_ids) -> dict[int, tuple[int, int, int]]:
    """User id → (tasks assigned, of them passed, of them overdue), in one grouped query."""
    due = due_rows(learner_ids).subquery()
    passed = (select(TaskAttempt.user_id, TaskVersion.task_id)
              .join(TaskVersion, TaskVersion.id == TaskAttempt.task_version_id)
              .where(TaskAttempt.passed.is_(True), TaskAttempt.user_id.in_(learner_ids))
              .distinct().subquery())
    is_passed = passed.c.task_id.is_not(None)
    query = (
        select(due.c.user_id, func.count(),
               func.sum(case((is_passed, 1), else_=0)),
               func.sum(case((and_(~is_passed, due.c.due_on < local_today()), 1), else_=0)))
        .select_from(due)
        .outerjoin(passed, and_(passed.c.user_id == due.c.user_id, passed.c.task_id == due.c.task_id))
        .group_by(due.c.user_id))
    return {user_id: (int(n), int(p or 0), int(o or 0)) for user_id, n, p, o in db.session.execute(query)}
