"""The gradebook: every learner of a cohort × every task given to it, in four queries, and its
CSV export (UTF-8 with a BOM for Excel, formula injection neutralised)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select

from lms.clock import local_today
from lms.extensions import db
from lms.i18n import loc_title
from lms.models import (
    Assignment,
    AttemptStatus,
    Cohort,
    Course,
    Task,
    TaskAttempt,
    TaskVersion,
    Track,
    User,
)
from lms.services.assignments import due_rows
from lms.services.reports import cohort_learner_ids


@dataclass(frozen=True)
class Column:
    """One task of the gradebook (a column)."""

    id: int
    slug: str
    title: str
    title_en: str


@dataclass(frozen=True)
class Cell:
    """One learner's standing on one task.

    - best_score: the highest graded score (feedback done, or a person's review), None if none.
    - attempts: graded attempts; those still waiting for feedback or whose feedback failed
      (and no person reviewed them) do not count.
    - passed: a graded attempt passed.
    - ungraded: attempts without a score yet (feedback on its way, or failed and not reviewed).
    - assigned: the task is assigned to this learner (by any group they learn in, or personally).
    - overdue: assigned, not passed, and due before today (LMS_TIMEZONE).
    """

    task_id: int
    best_score: int | None
    attempts: int
    passed: bool
    assigned: bool
    overdue: bool
    ungraded: int = 0


@dataclass(frozen=True)
class Row:
    """One learner (a row) with a cell per column, in column order."""

    user_id: int
    username: str
    display_name: str
    cells: tuple[Cell, ...]

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cells)

    @property
    def overdue(self) -> int:
        return sum(c.overdue for c in self.cells)


@dataclass(frozen=True)
class Gradebook:
    cohort: Cohort
    today: date
    tasks: tuple[Column, ...]
    learners: tuple[Row, ...]


def _task_ids(cohort: Cohort, learner_ids):
    """Tasks assigned to the cohort or personally to one of its learners."""
    return select(Assignment.task_id).where(
        or_(Assignment.cohort_id == cohort.id, Assignment.learner_id.in_(learner_ids)))


def cohort_gradebook(cohort: Cohort) -> Gradebook:
    """Learners × tasks of a class or village group: tasks assigned to the cohort or to any of
    its learners personally (still in the content), in catalog order; learners by login name.
    Four queries whatever the cohort's size: learners, tasks, due dates, attempts."""
    today = local_today()
    learner_ids = cohort_learner_ids(cohort)
    task_ids = _task_ids(cohort, learner_ids)
    tasks = tuple(Column(*row) for row in db.session.execute(
        select(Task.id, Task.slug, Task.title, Task.title_en)
        .join(Course, Course.id == Task.course_id).join(Track, Track.id == Course.track_id)
        .where(Task.id.in_(task_ids), Task.is_active.is_(True), Course.is_active.is_(True),
               Track.is_active.is_(True))
        .order_by(Track.position, Course.position, Task.position, Task.id)))
    due = {(user_id, task_id): due_on for user_id, task_id, due_on in db.session.execute(due_rows(learner_ids))}
    # A failed feedback job has no score of its own, unless a person reviewed it and gave one.
    graded = or_(TaskAttempt.status == AttemptStatus.DONE,
                 and_(TaskAttempt.status == AttemptStatus.FAILED, TaskAttempt.reviewed_at.is_not(None)))
    results = {(user_id, task_id): (best, int(n or 0), bool(passed), total - int(n or 0))
               for user_id, task_id, best, n, passed, total in db.session.execute(
        select(TaskAttempt.user_id, TaskVersion.task_id,
               func.max(case((graded, TaskAttempt.score))),
               func.sum(case((graded, 1), else_=0)),
               func.max(case((and_(graded, TaskAttempt.passed.is_(True)), 1), else_=0)),
               func.count())
        .join(TaskVersion, TaskVersion.id == TaskAttempt.task_version_id)
        .where(TaskAttempt.user_id.in_(learner_ids), TaskVersion.task_id.in_(task_ids))
        .group_by(TaskAttempt.user_id, TaskVersion.task_id))}
    learners = db.session.execute(
        select(User.id, User.username, User.phone, User.display_name).where(User.id.in_(learner_ids)))
    rows = []
    for user_id, username, phone, display_name in learners:
        cells = []
        for task in tasks:
            best, attempts, passed, ungraded = results.get((user_id, task.id), (None, 0, False, 0))
            due_on = due.get((user_id, task.id))
            cells.append(Cell(task.id, best, attempts, passed, assigned=due_on is not None,
                              overdue=due_on is not None and not passed and due_on < today,
                              ungraded=ungraded))
        rows.append(Row(user_id, username or phone or str(user_id), display_name, tuple(cells)))
    rows.sort(key=lambda r: (r.username, r.user_id))
    return Gradebook(cohort, today, tasks, tuple(rows))


def gradebook_json(book: Gradebook) -> dict:
    """The API's shape (SPEC §3): tasks, then learners with one cell per task in that order."""
    return {
        "tasks": [{"id": t.id, "slug": t.slug, "title": t.title} for t in book.tasks],
        "learners": [{"username": r.username, "display_name": r.display_name, "cells": [
            {"task_id": c.task_id, "best_score": c.best_score, "attempts": c.attempts,
             "passed": c.passed, "overdue": c.overdue} for c in r.cells]} for r in book.learners],
    }


# ---- the CSV file ----------------------------------------------------------------------------

BOM = "\ufeff"
# and their full-width forms, which a Chinese spreadsheet may read as the ASCII ones
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NOT_IN_FILENAMES = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|;,%]+')


def neutralise(value: object) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (= + - @, a tab or a
    carriage return) gets a leading apostrophe, so Excel and LibreOffice never evaluate it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell_text(cell: Cell, overdue_word: str) -> str:
    """The best score as a number Excel can sum; overdue in words beside it."""
    score = "" if cell.best_score is None else str(cell.best_score)
    if cell.overdue:
        return f"{score} {overdue_word}".strip()
    return score


def gradebook_csv(book: Gradebook) -> bytes:
    """The gradebook as a CSV file for Excel: UTF-8 with a BOM (so Chinese opens right), a
    header row, one row per learner; headers in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    overdue_word = _("overdue")
    writer.writerow([neutralise(v) for v in (
        _("Username"), _("Full name"), *(loc_title(t) for t in book.tasks), _("Tasks passed"), _("Overdue"))])
    for row in book.learners:
        writer.writerow([neutralise(v) for v in (
            row.username, row.display_name, *(_cell_text(c, overdue_word) for c in row.cells),
            row.passed, row.overdue)])
    return (BOM + out.getvalue()).encode("utf-8")


def csv_disposition(book: Gradebook) -> str:
    """Content-Disposition for the download: a plain ASCII filename for old clients, and the
    cohort's own (Chinese) name as filename* (RFC 5987/6266)."""
    day = book.today.isoformat()
    name = _NOT_IN_FILENAMES.sub("_", book.cohort.name).strip(" ._") or "gradebook"
    ascii_name = f"gradebook-{book.cohort.id}-{day}.csv"
    unicode_name = f"{name}-{_('gradebook')}-{day}.csv"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"
