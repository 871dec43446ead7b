"""Assignments: staff give a cohort or single learners tasks or lessons with a due date;
learners see what is due."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from lms import permissions
from lms.clock import local_today, local_zone
from lms.extensions import db
from lms.i18n import is_english, loc_title
from lms.models import (
    ID_MAX,
    Assignment,
    Cohort,
    Course,
    Lesson,
    LessonProgress,
    MemberRole,
    Membership,
    Task,
    TaskAttempt,
    TaskVersion,
    Track,
    User,
)
from lms.services import published
from lms.services.errors import Conflict, Forbidden, Invalid, NotFound
from lms.services.published import LessonItem, TaskItem

MAX_NOTE_CHARS = 200
MAX_LEARNERS = 500  # usernames in one personal-assignment request
MAX_TASKS = 50  # tasks and lessons in one request
MAX_PERSONAL = 5000  # personal assignments (learners × items) one request may create


class AlreadyAssigned(Conflict):
    """Every assignment asked for already exists exactly so (same due date and note, made by
    the same person): a double tap, or two copies of one request. The web form treats it as
    done; the API answers 409 as for any conflict."""


class Status(str, enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"


@dataclass(frozen=True)
class AssignedTask:
    """One task due for one learner: the earliest due date if several groups assigned it."""

    task: TaskItem
    due_on: date
    status: Status
    overdue: bool
    notes: tuple[str, ...] = ()
    lesson = None

    @property
    def key(self) -> tuple:
        return "task", self.task.id


@dataclass(frozen=True)
class AssignedLesson:
    """One lesson due for one learner, done once they mark it done (status PASSED)."""

    lesson: LessonItem
    due_on: date
    status: Status
    overdue: bool
    notes: tuple[str, ...] = ()
    task = None

    @property
    def key(self) -> tuple:
        return "lesson", self.lesson.id


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment on the cohort page with how far the cohort's learners got: for a task,
    learners who passed it and who tried it; for a lesson, learners who marked it done (both)."""

    assignment: Assignment
    passed: int
    attempted: int


def parse_due(raw: object) -> date:
    """A due date from `YYYY-MM-DD` (what <input type=date> sends), an ISO 8601 date-time with
    an offset (`2026-12-31T18:00:00+08:00`, `…Z`; the API), or a date; Invalid otherwise. A
    date-time is due on its calendar day in LMS_TIMEZONE; one without an offset is ambiguous
    (whose evening?), so it is refused."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise Invalid(_l("Please choose a due date."), field="due")
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) > 40:
            raise ValueError(text)
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        if moment.utcoffset() is None:
            raise ValueError(text)
        return moment.astimezone(local_zone()).date()
    except ValueError:
        raise Invalid(_l("Please enter the due date as year-month-day, e.g. 2026-12-31."),
                      field="due") from None


MAX_DAYS_AHEAD = 366 * 2   # a due date further away is a typo (9999-12-31), not a plan


def _check_future(due: date) -> date:
    if due < local_today():
        raise Invalid(_l("The due date cannot be in the past."), field="due")
    if (due - local_today()).days > MAX_DAYS_AHEAD:
        raise Invalid(_l("The due date is too far away: choose a day within two years."), field="due")
    return due


def _published(query):
    """Only tasks whose task, course and track are all still in the content."""
    return query.join(Course, Course.id == Task.course_id).join(Track, Track.id == Course.track_id) \
        .where(Task.is_active.is_(True), Course.is_active.is_(True), Track.is_active.is_(True))


def assignable_by_course() -> list[tuple[published.CourseItem, tuple[LessonItem, ...], tuple[TaskItem, ...]]]:
    """Published lessons and tasks grouped by course (course.track set), in catalog order, for
    the assign form's collapsed lists; from the published catalog (no query)."""
    return [(course, course.lessons, course.tasks) for track in published.current().tracks
            for course in track.courses if course.lessons or course.tasks]


def _published_lessons(query):
    """Only lessons whose lesson, course and track are all still in the content."""
    return query.join(Course, Course.id == Lesson.course_id).join(Track, Track.id == Course.track_id) \
        .where(Lesson.is_active.is_(True), Course.is_active.is_(True), Track.is_active.is_(True))


def item_id(raw: object) -> int | None:
    """A form or API value as a task or lesson id, or None when it cannot name one."""
    if isinstance(raw, bool):
        return None
    try:
        task_id = int(raw)
    except (TypeError, ValueError):
        return None
    return task_id if 0 < task_id <= ID_MAX else None  # else not an id any database holds


def _as_id_list(raw: object) -> list:
    """The ids of a request: a list as it came, a single id as a list of one; a blank value, a
    list of blanks or nothing at all (None) means none were chosen."""
    items = raw if isinstance(raw, list) else [raw]
    return [i for i in items if i is not None and not (isinstance(i, str) and not i.strip())]


@dataclass(frozen=True)
class Chosen:
    """The published tasks and lessons one request names, each once, in the order given."""

    tasks: list[Task]
    lessons: list[Lesson]

    def __len__(self) -> int:
        return len(self.tasks) + len(self.lessons)

    @property
    def keys(self) -> list[tuple[str, int]]:
        """("task", id) then ("lesson", id): the order the new assignments are returned in."""
        return [("task", t.id) for t in self.tasks] + [("lesson", le.id) for le in self.lessons]


def _published_rows(model, published, items: list) -> list | None:
    """The published rows these ids name, in order and each once; None if any cannot be found."""
    ids = [item_id(item) for item in items]
    wanted = list(dict.fromkeys(i for i in ids if i is not None))
    rows = {r.id: r for r in db.session.scalars(published(select(model)).where(model.id.in_(wanted)))} \
        if wanted else {}
    if None in ids or len(rows) < len(wanted):
        return None
    return [rows[i] for i in wanted]


def assignable_items_named(task_raw: object, lesson_raw: object = None) -> Chosen:
    """The active tasks and lessons a request names (lists of ids, or one id each); Invalid
    when none is named, when there are more than MAX_TASKS together, or when any is unknown or
    retired (then nothing is assigned). A caller that offers no lessons passes None."""
    tasks_in, lessons_in = _as_id_list(task_raw), _as_id_list(lesson_raw)
    if not tasks_in and not lessons_in:
        raise Invalid(_l("Please choose a task.") if lesson_raw is None else
                      _l("Please choose a task or a lesson."), field="task")
    if len(tasks_in) + len(lessons_in) > MAX_TASKS:
        raise Invalid(_l("At most %(n)s tasks at a time.", n=MAX_TASKS) if not lessons_in else
                      _l("At most %(n)s tasks and lessons at a time.", n=MAX_TASKS),
                      field="task", code="bad_request")
    tasks = _published_rows(Task, _published, tasks_in)
    lessons = _published_rows(Lesson, _published_lessons, lessons_in)
    if tasks is None or lessons is None:
        if len(tasks_in) + len(lessons_in) == 1:
            message = _l("There is no such task. Please choose one from the list.") if tasks_in else \
                _l("There is no such lesson. Please choose one from the list.")
        elif not lessons_in:
            message = _l("One of the chosen tasks is not in the courses (any more). Nothing was assigned; "
                         "please reload the page and choose again.")
        else:
            message = _l("One of the chosen tasks or lessons is not in the courses (any more). Nothing was "
                         "assigned; please reload the page and choose again.")
        raise Invalid(message, field="task")
    return Chosen(tasks, lessons)


def assignable_tasks_named(raw: object) -> list[Task]:
    """The active tasks a request names (see assignable_items_named)."""
    return assignable_items_named(raw).tasks


def _titles(items) -> str:
    shown = (", " if is_english() else "、").join(f"“{loc_title(t)}”" for t in items[:10])
    return shown + (f" (+{len(items) - 10})" if len(items) > 10 else "")


def _same_as_asked(existing: list[Assignment], wanted: int, due_on: date, note: str, actor: User) -> bool:
    """True when the rows found are exactly what this request would create (a replay)."""
    return len(existing) == wanted and all(
        a.due_on == due_on and a.note == note and a.created_by_id == actor.id for a in existing)


def _naming(chosen: Chosen):
    """A WHERE clause for assignments of any of the chosen tasks or lessons."""
    return or_(Assignment.task_id.in_([t.id for t in chosen.tasks]),
               Assignment.lesson_id.in_([le.id for le in chosen.lessons]))


def _new(chosen: Chosen, **target) -> list[Assignment]:
    return [Assignment(task_id=task.id, **target) for task in chosen.tasks] + \
        [Assignment(lesson_id=lesson.id, **target) for lesson in chosen.lessons]


def do_assign(actor: User, cohort: Cohort, task_id: object, due: object, note: str = "") -> Assignment:
    """Assign one task to every learner of a cohort; one assignment per task and cohort."""
    return do_assign_tasks(actor, cohort, [task_id], due, note)[0]


def do_assign_tasks(actor: User, cohort: Cohort, task_ids: object, due: object,
                    note: str = "", lesson_ids: object = None) -> list[Assignment]:
    """Assign several tasks and/or lessons to every learner of a cohort with one due date and
    note, all or nothing: if any is unknown or already assigned to the cohort, nothing is
    saved. Returns the new assignments, tasks then lessons, in the order they were given."""
    if not permissions.can_assign(actor, cohort):
        raise NotFound(_l("Group not found."))
    chosen = assignable_items_named(task_ids, lesson_ids)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    cohort_id, actor_id, naming = cohort.id, actor.id, _naming(chosen)

    def existing() -> list[Assignment]:
        return list(db.session.scalars(select(Assignment).where(Assignment.cohort_id == cohort_id, naming)
                                       .options(joinedload(Assignment.task), joinedload(Assignment.lesson))
                                       .order_by(Assignment.id)))

    def refuse(found: list[Assignment]) -> Conflict:
        error_class = AlreadyAssigned if _same_as_asked(found, len(chosen), due_on, note, actor) else Conflict
        if len(chosen) == 1:
            message = _l("This task is already assigned to the group (due %(date)s). Change its due date "
                         "below instead.", date=found[0].due_on.isoformat()) if chosen.tasks else \
                _l("This lesson is already assigned to the group (due %(date)s). Change its due date "
                   "below instead.", date=found[0].due_on.isoformat())
            return error_class(message, field="task")
        return error_class(_l("Already assigned: %(tasks)s. Nothing was assigned; untick them, or change "
                              "their due dates below.", tasks=_titles([a.item for a in found])),
                           field="task", details={"task_ids": [a.task_id for a in found if a.task_id],
                                                  "lesson_ids": [a.lesson_id for a in found if a.lesson_id]})

    found = existing()
    if found:
        raise refuse(found)
    db.session.add_all(_new(chosen, cohort_id=cohort_id, due_on=due_on, note=note, created_by_id=actor_id))
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request (a double tap) assigned some of them first
        db.session.rollback()
        found = existing()
        if found:
            raise refuse(found) from None
        raise Conflict(_l("This task was just assigned. Nothing was assigned; please try again."),
                       field="task") from None
    made = {a.item_key: a for a in existing()}
    return [made[key] for key in chosen.keys]


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE_CHARS:
        raise Invalid(_l("The note is too long (at most %(n)s characters).", n=MAX_NOTE_CHARS),
                      field="note")
    return note


def clean_usernames(raw: object) -> list[str]:
    """A non-empty list of at most MAX_LEARNERS login names, trimmed, lower-cased, deduplicated
    (first occurrence kept); Invalid otherwise."""
    if not isinstance(raw, list) or not raw:
        raise Invalid(_l("Send usernames as a non-empty list of strings."), code="bad_request")
    if len(raw) > MAX_LEARNERS:
        raise Invalid(_l("At most %(n)s usernames at a time.", n=MAX_LEARNERS), code="bad_request")
    if not all(isinstance(name, str) and name.strip() for name in raw):
        raise Invalid(_l("Every username must be a non-empty string."), code="bad_request")
    return list(dict.fromkeys(name.strip().lower() for name in raw))


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:20])
    return shown + (f" (+{len(names) - 20})" if len(names) > 20 else "")


def learners_named(actor: User, names: list[str]) -> list[User]:
    """The learners these login names (username, or phone for accounts without one) belong to,
    in order; Invalid naming every name that is unknown or a learner the actor may not assign
    to — the two look the same, so nobody learns which usernames exist elsewhere."""
    users = db.session.scalars(
        select(User).where(or_(User.username.in_(names), User.phone.in_(names)))
        .options(selectinload(User.memberships).selectinload(Membership.cohort)
                 .selectinload(Cohort.memberships)))
    found: dict[str, User] = {}
    for user in users:
        if permissions.can_assign_to_learner(actor, user):
            found.update({key: user for key in (user.username, user.phone) if key in names})
    missing = [name for name in names if name not in found]
    if missing:
        raise Invalid(_l("No learner in your groups has these usernames: %(names)s.",
                         names=_named(missing)), code="unknown_learners",
                      details={"usernames": missing})
    return list({found[name].id: found[name] for name in names}.values())


def do_assign_learners(actor: User, usernames: object, task_ids: object, due: object,
                       note: str = "", lesson_ids: object = None) -> list[Assignment]:
    """Assign one or several tasks and/or lessons (lists of ids, or one id) to single learners,
    one personal assignment per learner and item; all or nothing. A learner who already has a
    personal assignment of one of them is a Conflict naming them. Returns the new assignments
    by item (tasks then lessons, in the order given), then learner (in the order given)."""
    if not permissions.is_staff(actor):
        raise Forbidden(_l("Only mentors and teachers assign tasks."))
    chosen = assignable_items_named(task_ids, lesson_ids)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    learners = learners_named(actor, clean_usernames(usernames))
    if len(learners) * len(chosen) > MAX_PERSONAL:
        raise Invalid(_l("That would be more than %(n)s personal assignments at once. Please assign fewer "
                         "tasks, or assign them to the whole group.", n=MAX_PERSONAL), field="task",
                      code="bad_request")
    learner_ids = [u.id for u in learners]  # plain ids survive the commit
    names = {u.id: u.login_name for u in learners}
    naming, actor_id = _naming(chosen), actor.id

    def existing() -> list[Assignment]:
        return list(db.session.scalars(
            select(Assignment).where(naming, Assignment.learner_id.in_(learner_ids))
            .options(joinedload(Assignment.learner), joinedload(Assignment.task),
                     joinedload(Assignment.lesson))))

    def refuse(found: list[Assignment]) -> Conflict:
        error_class = AlreadyAssigned if _same_as_asked(found, len(chosen) * len(learner_ids), due_on,
                                                        note, actor) else Conflict
        taken = [names[i] for i in learner_ids if i in {a.learner_id for a in found}]
        if len(chosen) == 1:
            message = _l("This task is already assigned to: %(names)s. Nothing was assigned.",
                         names=_named(taken)) if chosen.tasks else \
                _l("This lesson is already assigned to: %(names)s. Nothing was assigned.", names=_named(taken))
            return error_class(message, field="task", details={"usernames": taken})
        return error_class(_l("Some of these tasks are already assigned to: %(names)s. Nothing was assigned.",
                              names=_named(taken)), field="task", details={"usernames": taken})

    found = existing()
    if found:
        raise refuse(found)
    db.session.add_all([a for learner_id in learner_ids for a in _new(
        chosen, learner_id=learner_id, due_on=due_on, note=note, created_by_id=actor_id)])
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request assigned one of them first
        db.session.rollback()
        found = existing()
        if found:
            raise refuse(found) from None
        raise Conflict(_l("This task was just assigned to some of these learners. Nothing was "
                          "assigned; please try again."), field="task") from None
    # reloaded in one query, with learner and item, in the order items and usernames were given
    made = {(a.item_key, a.learner_id): a for a in existing()}
    return [made[(key, learner_id)] for key in chosen.keys for learner_id in learner_ids]


def get_assignment_for(actor: User, cohort: Cohort, assignment_id: int) -> Assignment:
    """An assignment of this cohort that the actor may change; NotFound otherwise."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.cohort_id != cohort.id \
            or not permissions.can_assign(actor, cohort):
        raise NotFound(_l("Assignment not found."))
    return assignment


def _may_change(actor: User, assignment: Assignment) -> bool:
    if assignment.cohort_id is not None:
        return permissions.can_assign(actor, assignment.cohort)
    return permissions.can_assign_to_learner(actor, assignment.learner)


def do_change_due(actor: User, assignment: Assignment, due: object) -> Assignment:
    """Move an assignment's due date (not into the past): a group's, or one learner's own."""
    if not _may_change(actor, assignment):
        raise NotFound(_l("Assignment not found."))
    assignment.due_on = _check_future(parse_due(due))
    db.session.commit()
    return assignment


def do_remove(actor: User, assignment: Assignment) -> None:
    """Take an assignment back; the learners' work on the task is kept."""
    if not _may_change(actor, assignment):
        raise NotFound(_l("Assignment not found."))
    db.session.delete(assignment)
    db.session.commit()


def get_personal_assignment_for(actor: User, learner: User, assignment_id: int) -> Assignment:
    """One of this learner's personal assignments that the actor may change; NotFound otherwise."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.learner_id != learner.id \
            or not permissions.can_assign_to_learner(actor, learner):
        raise NotFound(_l("Assignment not found."))
    return assignment


def personal_assignments(learners) -> list[Assignment]:
    """Personal assignments of these learners (a list or a select of ids), soonest due first,
    with learner and task or lesson (one query)."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.learner_id.in_(learners))
        .options(joinedload(Assignment.learner), joinedload(Assignment.task), joinedload(Assignment.lesson))
        .order_by(Assignment.due_on, Assignment.id)))


def cohort_assignments(cohort: Cohort) -> list[AssignmentRow]:
    """The cohort's assignments by due date, with learners passed/attempted for tasks and done
    for lessons (at most three queries)."""
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.cohort_id == cohort.id)
        .options(joinedload(Assignment.task), joinedload(Assignment.lesson))
        .order_by(Assignment.due_on, Assignment.id)))
    if not assignments:
        return []
    learners = select(Membership.user_id).where(
        Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)
    counts: dict[tuple[str, int], tuple[int, int]] = {}
    task_ids = [a.task_id for a in assignments if a.task_id is not None]
    if task_ids:
        per_learner = (
            select(TaskVersion.task_id, TaskAttempt.user_id,
                   func.max(case((TaskAttempt.passed.is_(True), 1), else_=0)).label("passed"))
            .join(TaskAttempt, TaskAttempt.task_version_id == TaskVersion.id)
            .where(TaskVersion.task_id.in_(task_ids), TaskAttempt.user_id.in_(learners))
            .group_by(TaskVersion.task_id, TaskAttempt.user_id)
            .subquery())
        counts.update({("task", task_id): (int(passed or 0), int(attempted)) for task_id, passed, attempted in
                       db.session.execute(select(per_learner.c.task_id, func.sum(per_learner.c.passed),
                                                 func.count()).group_by(per_learner.c.task_id))})
    lesson_ids = [a.lesson_id for a in assignments if a.lesson_id is not None]
    if lesson_ids:
        counts.update({("lesson", lesson_id): (int(n), int(n)) for lesson_id, n in db.session.execute(
            select(LessonProgress.lesson_id, func.count())
            .where(LessonProgress.lesson_id.in_(lesson_ids), LessonProgress.user_id.in_(learners))
            .group_by(LessonProgress.lesson_id))})
    return [AssignmentRow(a, *counts.get(a.item_key, (0, 0))) for a in assignments]


def _due(learners, column, model, name: str):
    """(user_id, <name>, due_on) for every active task or lesson (`column` of Assignment,
    `model` its table) assigned to the given learners, through a cohort they learn in or to
    them personally. A personal assignment overrides the groups' dates (that is how a mentor
    gives one learner more time); otherwise the earliest group date counts."""
    via_cohort = (
        select(Membership.user_id.label("user_id"), column.label("item_id"),
               Assignment.due_on.label("due_on"), literal(False).label("personal"))
        .join(Membership, Membership.cohort_id == Assignment.cohort_id)
        .where(Membership.role == MemberRole.LEARNER.value, Membership.user_id.in_(learners),
               column.is_not(None)))
    personal = (
        select(Assignment.learner_id.label("user_id"), column.label("item_id"),
               Assignment.due_on.label("due_on"), literal(True).label("personal"))
        .where(Assignment.learner_id.in_(learners), column.is_not(None)))
    both = union_all(via_cohort, personal).subquery()
    own = func.min(case((both.c.personal.is_(True), both.c.due_on)))
    return (select(both.c.user_id, both.c.item_id.label(name),
                   func.coalesce(own, func.min(both.c.due_on)).label("due_on"))
            .join(model, model.id == both.c.item_id).where(model.is_active.is_(True))
            .group_by(both.c.user_id, both.c.item_id))


def due_rows(learners):
    """(user_id, task_id, due_on) for every active task assigned to the given learners (see
    _due); `learners` is a list or a select of user ids; one query for any number of learners,
    used by the learner's own list and the cohort reports."""
    return _due(learners, Assignment.task_id, Task, "task_id")


def lesson_due_rows(learners):
    """(user_id, lesson_id, due_on) for every active lesson assigned to the given learners."""
    return _due(learners, Assignment.lesson_id, Lesson, "lesson_id")


def _items_due(user: User) -> dict[tuple[str, int], date]:
    """("task" | "lesson", id) → when it is due for the learner (one query)."""
    return {(kind, item_id): due for kind, item_id, due in db.session.execute(_due_for_one(), {"uid": user.id})}


def due_dates_for(user: User) -> dict[int, date]:
    """Task id → the earliest due date from the learner's cohorts or personal assignments."""
    return {item_id: due for (kind, item_id), due in _items_due(user).items() if kind == "task"}


@cache
def _due_for_one():
    """(kind, id, due_on) of the tasks and lessons due for one learner, built once (it runs on
    every learner home and task page)."""
    uid = [bindparam("uid")]
    tasks, lessons = due_rows(uid).subquery(), lesson_due_rows(uid).subquery()
    return union_all(select(literal("task").label("kind"), tasks.c.task_id.label("item_id"), tasks.c.due_on),
                     select(literal("lesson").label("kind"), lessons.c.lesson_id, lessons.c.due_on))


def learner_assignments(user: User, done=None) -> list[AssignedTask | AssignedLesson]:
    """What is assigned to the learner, tasks and lessons: overdue first, then by due date,
    finished ones (passed, or marked done) last. Items come from the published catalog; `done`
    (progress.done_for) saves its query when the caller already has it."""
    from lms.services.progress import done_for

    due = _items_due(user)
    if not due:
        return []
    catalog = published.current()
    done = done if done is not None else done_for(user)
    notes = notes_for(user, [i for k, i in due if k == "task"], [i for k, i in due if k == "lesson"])
    now = local_today()
    items = []
    for (kind, item_id), due_on in due.items():
        if kind == "task":
            task = catalog.task_by_id(item_id)
            if task is None:  # its course or track is no longer published
                continue
            state = (Status.PASSED if item_id in done.tasks
                     else Status.IN_PROGRESS if item_id in done.started else Status.NOT_STARTED)
            items.append(AssignedTask(task, due_on, state, overdue=state != Status.PASSED and due_on < now,
                                      notes=notes.get((kind, item_id), ())))
        else:
            lesson = catalog.lesson_by_id(item_id)
            if lesson is None:
                continue
            state = Status.PASSED if item_id in done.lessons else Status.NOT_STARTED
            items.append(AssignedLesson(lesson, due_on, state, overdue=state != Status.PASSED and due_on < now,
                                        notes=notes.get((kind, item_id), ())))
    return sorted(items, key=lambda a: (a.status == Status.PASSED, not a.overdue, a.due_on,
                                        (a.task or a.lesson).position, a.key))


def notes_for(user: User, task_ids: list[int], lesson_ids: list[int] = ()) -> dict[tuple[str, int], tuple[str, ...]]:
    """("task" | "lesson", id) → the notes staff wrote for the learner with these tasks and
    lessons (from any cohort they learn in, or a personal assignment), soonest due first, each
    once (one query)."""
    rows = db.session.execute(_notes_statement(), {"uid": user.id, "task_ids": list(task_ids),
                                                   "lesson_ids": list(lesson_ids)})
    notes: dict[tuple[str, int], list[str]] = {}
    for task_id, lesson_id, note in rows:
        key = ("task", task_id) if task_id is not None else ("lesson", lesson_id)
        if note not in notes.setdefault(key, []):
            notes[key].append(note)
    return {key: tuple(n) for key, n in notes.items()}


@cache
def _notes_statement():
    uid = bindparam("uid")
    cohorts = select(Membership.cohort_id).where(Membership.user_id == uid,
                                                 Membership.role == MemberRole.LEARNER.value)
    return (select(Assignment.task_id, Assignment.lesson_id, Assignment.note)
            .where(or_(Assignment.task_id.in_(bindparam("task_ids", expanding=True)),
                       Assignment.lesson_id.in_(bindparam("lesson_ids", expanding=True))),
                   Assignment.note != "",
                   or_(Assignment.cohort_id.in_(cohorts), Assignment.learner_id == uid))
            .order_by(Assignment.due_on, Assignment.id))


def due_of(user: User, key: tuple[str, int]) -> date | None:
    """When a task ("task", id) or lesson ("lesson", id) is due for the learner now, or None."""
    return _items_due(user).get(key)


def do_give_more_time(actor: User, learner: User, kind: str, raw_id: object, due: object) -> Assignment:
    """One learner's own, later due date for a task or lesson they have now: a personal assignment
    due after the day it is due for them (an earlier or the same day is not more time). NotFound
    when nothing of that id is assigned to them."""
    key = (kind, item_id(raw_id))
    current = due_of(learner, key) if key[1] else None
    if current is None:
        raise NotFound(_l("This is not assigned to %(name)s any more. Please reload the page.",
                          name=learner.display_name))
    wanted = parse_due(due)
    if wanted <= current:
        raise Invalid(_l("More time means a day after %(date)s, when it is due now.", date=current.isoformat()),
                      field="due")
    tasks, lessons = ([key[1]], None) if kind == "task" else ([], [key[1]])
    return do_assign_learners(actor, [learner.login_name], tasks, wanted, lesson_ids=lessons)[0]


def group_due_of(user: User, key: tuple[str, int]) -> date | None:
    """The earliest due date a task or lesson has for the learner through the groups they learn
    in, leaving their personal assignments aside (what applies again if one is taken back)."""
    kind, item_id = key
    column = Assignment.task_id if kind == "task" else Assignment.lesson_id
    return db.session.scalar(
        select(func.min(Assignment.due_on)).join(Membership, Membership.cohort_id == Assignment.cohort_id)
        .where(Membership.user_id == user.id, Membership.role == MemberRole.LEARNER.value, column == item_id))


def due_for(user: User, task: Task) -> date | None:
    """When this task is due for the learner, or None if nobody assigned it."""
    return _items_due(user).get(("task", task.id))


def lesson_due_and_notes(user: User, lesson_id: int) -> tuple[date | None, tuple[str, ...]]:
    """When a lesson is due for the learner (a personal date wins over the groups' earliest) and
    the notes staff wrote with it, soonest due first (one query, for the lesson page)."""
    rows = db.session.execute(_lesson_statement(), {"uid": user.id, "lid": lesson_id}).all()
    own = [due for due, _note, personal in rows if personal]
    due = min(own) if own else min((due for due, _note, _personal in rows), default=None)
    return due, tuple(dict.fromkeys(note for _due, note, _personal in rows if note))


@cache
def _lesson_statement():
    uid = bindparam("uid")
    cohorts = select(Membership.cohort_id).where(Membership.user_id == uid,
                                                 Membership.role == MemberRole.LEARNER.value)
    return (select(Assignment.due_on, Assignment.note, Assignment.learner_id.is_not(None))
            .join(Lesson, Lesson.id == Assignment.lesson_id)
            .where(Assignment.lesson_id == bindparam("lid"), Lesson.is_active.is_(True),
                   or_(Assignment.cohort_id.in_(cohorts), Assignment.learner_id == uid))
            .order_by(Assignment.due_on, Assignment.id))


def learner_tasks_with_due(user: User) -> list[tuple[TaskItem, date | None]]:
    """The learner's tasks (their track's, then any assigned from another track, in catalog
    order), each with its due date or None."""
    from lms.services.progress import learner_tasks

    due = due_dates_for(user)
    tasks = learner_tasks(user)
    missing = set(due) - {t.id for t in tasks}
    if missing:
        catalog = published.current()
        tasks += [t for tr in catalog.tracks for t in catalog.tasks_of(tr) if t.id in missing]
    return [(t, due.get(t.id)) for t in tasks]
