"""Assignments: staff give a cohort or single learners a task with a due date; learners see
what is due."""

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
from lms.services.published import TaskItem

MAX_NOTE_CHARS = 200
MAX_LEARNERS = 500  # usernames in one personal-assignment request
MAX_TASKS = 50  # tasks in one request
MAX_PERSONAL = 5000  # personal assignments (learners × tasks) one request may create


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


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment on the cohort page with how far the cohort's learners got."""

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


def _check_future(due: date) -> date:
    if due < local_today():
        raise Invalid(_l("The due date cannot be in the past."), field="due")
    return due


def _published(query):
    """Only tasks whose task, course and track are all still in the content."""
    return query.join(Course, Course.id == Task.course_id).join(Track, Track.id == Course.track_id) \
        .where(Task.is_active.is_(True), Course.is_active.is_(True), Track.is_active.is_(True))


def assignable_by_course() -> list[tuple[Course, list[Task]]]:
    """Published (active) tasks grouped by course (course.track loaded), in catalog order, for
    the assign form's collapsed lists (one query)."""
    groups: dict[int, tuple[Course, list[Task]]] = {}
    for task in _published_tasks():
        groups.setdefault(task.course_id, (task.course, []))[1].append(task)
    return list(groups.values())


def _published_tasks():
    return db.session.scalars(
        _published(select(Task)).options(joinedload(Task.course).joinedload(Course.track))
        .order_by(Track.position, Course.position, Task.position))


def _task_id(raw: object) -> int | None:
    """A form or API value as a task id, or None when it cannot name one."""
    if isinstance(raw, bool):
        return None
    try:
        task_id = int(raw)
    except (TypeError, ValueError):
        return None
    return task_id if 0 < task_id <= ID_MAX else None  # else not an id any database holds


def _as_task_list(raw: object) -> list:
    """The task ids of a request: a list as it came, a single id as a list of one; a blank
    value or a list of blanks means none were chosen."""
    items = raw if isinstance(raw, list) else [raw]
    return [i for i in items if i is not None and not (isinstance(i, str) and not i.strip())]


def assignable_tasks_named(raw: object) -> list[Task]:
    """The active tasks a request names (a list of ids, or one id), in the order given, each
    once; Invalid when none is named, when there are more than MAX_TASKS, or when any is
    unknown or retired (then nothing is assigned)."""
    items = _as_task_list(raw)
    if not items:
        raise Invalid(_l("Please choose a task."), field="task")
    if len(items) > MAX_TASKS:
        raise Invalid(_l("At most %(n)s tasks at a time.", n=MAX_TASKS), field="task", code="bad_request")
    ids = [_task_id(item) for item in items]
    wanted = list(dict.fromkeys(i for i in ids if i is not None))
    tasks = {t.id: t for t in db.session.scalars(_published(select(Task)).where(Task.id.in_(wanted)))} \
        if wanted else {}
    if None in ids or len(tasks) < len(wanted):
        message = _l("There is no such task. Please choose one from the list.") if len(items) == 1 else \
            _l("One of the chosen tasks is not in the courses (any more). Nothing was assigned; please "
               "reload the page and choose again.")
        raise Invalid(message, field="task")
    return [tasks[i] for i in wanted]


def _titles(tasks) -> str:
    shown = (", " if is_english() else "、").join(f"“{loc_title(t)}”" for t in tasks[:10])
    return shown + (f" (+{len(tasks) - 10})" if len(tasks) > 10 else "")


def _same_as_asked(existing: list[Assignment], wanted: int, due_on: date, note: str, actor: User) -> bool:
    """True when the rows found are exactly what this request would create (a replay)."""
    return len(existing) == wanted and all(
        a.due_on == due_on and a.note == note and a.created_by_id == actor.id for a in existing)


def do_assign(actor: User, cohort: Cohort, task_id: object, due: object, note: str = "") -> Assignment:
    """Assign one task to every learner of a cohort; one assignment per task and cohort."""
    return do_assign_tasks(actor, cohort, [task_id], due, note)[0]


def do_assign_tasks(actor: User, cohort: Cohort, task_ids: object, due: object,
                    note: str = "") -> list[Assignment]:
    """Assign several tasks to every learner of a cohort with one due date and note, all or
    nothing: if any task is unknown or already assigned to the cohort, nothing is saved.
    Returns the new assignments in the order the tasks were given."""
    if not permissions.can_assign(actor, cohort):
        raise NotFound(_l("Group not found."))
    tasks = assignable_tasks_named(task_ids)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    cohort_id, actor_id, ids = cohort.id, actor.id, [t.id for t in tasks]

    def existing() -> list[Assignment]:
        return list(db.session.scalars(select(Assignment).where(
            Assignment.cohort_id == cohort_id, Assignment.task_id.in_(ids))
            .options(joinedload(Assignment.task)).order_by(Assignment.id)))

    def refuse(found: list[Assignment]) -> Conflict:
        error_class = AlreadyAssigned if _same_as_asked(found, len(ids), due_on, note, actor) else Conflict
        if len(ids) == 1:
            return error_class(_l("This task is already assigned to the group (due %(date)s). "
                                  "Change its due date below instead.", date=found[0].due_on.isoformat()),
                               field="task")
        return error_class(_l("Already assigned: %(tasks)s. Nothing was assigned; untick them, or change "
                              "their due dates below.", tasks=_titles([a.task for a in found])),
                           field="task", details={"task_ids": [a.task_id for a in found]})

    found = existing()
    if found:
        raise refuse(found)
    db.session.add_all([Assignment(cohort_id=cohort_id, task_id=task_id, due_on=due_on, note=note,
                                   created_by_id=actor_id) for task_id in ids])
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request (a double tap) assigned some of them first
        db.session.rollback()
        found = existing()
        if found:
            raise refuse(found) from None
        raise Conflict(_l("This task was just assigned. Nothing was assigned; please try again."),
                       field="task") from None
    made = {a.task_id: a for a in existing()}
    return [made[task_id] for task_id in ids]


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
                       note: str = "") -> list[Assignment]:
    """Assign one or several tasks (a list of ids, or one id) to single learners, one personal
    assignment per learner and task; all or nothing. A learner who already has a personal
    assignment of one of the tasks is a Conflict naming them. Returns the new assignments by
    task (in the order given), then learner (in the order given)."""
    if not permissions.is_staff(actor):
        raise Forbidden(_l("Only mentors and teachers assign tasks."))
    tasks = assignable_tasks_named(task_ids)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    learners = learners_named(actor, clean_usernames(usernames))
    if len(learners) * len(tasks) > MAX_PERSONAL:
        raise Invalid(_l("That would be more than %(n)s personal assignments at once. Please assign fewer "
                         "tasks, or assign them to the whole group.", n=MAX_PERSONAL), field="task",
                      code="bad_request")
    learner_ids, task_ids = [u.id for u in learners], [t.id for t in tasks]  # plain ids survive the commit
    names = {u.id: u.login_name for u in learners}

    def existing() -> list[Assignment]:
        return list(db.session.scalars(
            select(Assignment).where(Assignment.task_id.in_(task_ids), Assignment.learner_id.in_(learner_ids))
            .options(joinedload(Assignment.learner), joinedload(Assignment.task))))

    def refuse(found: list[Assignment]) -> Conflict:
        error_class = AlreadyAssigned if _same_as_asked(found, len(task_ids) * len(learner_ids), due_on,
                                                        note, actor) else Conflict
        taken = [names[i] for i in learner_ids if i in {a.learner_id for a in found}]
        if len(task_ids) == 1:
            return error_class(_l("This task is already assigned to: %(names)s. Nothing was assigned.",
                                  names=_named(taken)), field="task", details={"usernames": taken})
        return error_class(_l("Some of these tasks are already assigned to: %(names)s. Nothing was assigned.",
                              names=_named(taken)), field="task", details={"usernames": taken})

    found = existing()
    if found:
        raise refuse(found)
    db.session.add_all([Assignment(learner_id=learner_id, task_id=task_id, due_on=due_on, note=note,
                                   created_by_id=actor.id) for task_id in task_ids for learner_id in learner_ids])
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request assigned one of them first
        db.session.rollback()
        found = existing()
        if found:
            raise refuse(found) from None
        raise Conflict(_l("This task was just assigned to some of these learners. Nothing was "
                          "assigned; please try again."), field="task") from None
    # reloaded in one query, with learner and task, in the order tasks and usernames were given
    made = {(a.task_id, a.learner_id): a for a in existing()}
    return [made[(task_id, learner_id)] for task_id in task_ids for learner_id in learner_ids]


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
    with learner and task (one query)."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.learner_id.in_(learners))
        .options(joinedload(Assignment.learner), joinedload(Assignment.task))
        .order_by(Assignment.due_on, Assignment.id)))


def cohort_assignments(cohort: Cohort) -> list[AssignmentRow]:
    """The cohort's assignments by due date, with learners passed/attempted (two queries)."""
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.cohort_id == cohort.id)
        .options(joinedload(Assignment.task))
        .order_by(Assignment.due_on, Assignment.id)))
    if not assignments:
        return []
    learners = select(Membership.user_id).where(
        Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)
    per_learner = (
        select(TaskVersion.task_id, TaskAttempt.user_id,
               func.max(case((TaskAttempt.passed.is_(True), 1), else_=0)).label("passed"))
        .join(TaskAttempt, TaskAttempt.task_version_id == TaskVersion.id)
        .where(TaskVersion.task_id.in_([a.task_id for a in assignments]),
               TaskAttempt.user_id.in_(learners))
        .group_by(TaskVersion.task_id, TaskAttempt.user_id)
        .subquery())
    counts = {task_id: (passed, attempted) for task_id, passed, attempted in db.session.execute(
        select(per_learner.c.task_id, func.sum(per_learner.c.passed), func.count())
        .group_by(per_learner.c.task_id))}
    return [AssignmentRow(a, int(counts.get(a.task_id, (0, 0))[0] or 0),
                          int(counts.get(a.task_id, (0, 0))[1])) for a in assignments]


def due_rows(learners):
    """(user_id, task_id, due_on) for every active task assigned to the given learners —
    through a cohort they learn in or to them personally. A personal assignment of a task
    overrides the groups' dates (that is how a mentor gives one learner more time); otherwise
    the earliest group date counts. `learners` is a list or a select of user ids; one query
    for any number of learners, used by the learner's own list and the cohort reports."""
    via_cohort = (
        select(Membership.user_id.label("user_id"), Assignment.task_id.label("task_id"),
               Assignment.due_on.label("due_on"), literal(False).label("personal"))
        .join(Membership, Membership.cohort_id == Assignment.cohort_id)
        .where(Membership.role == MemberRole.LEARNER.value, Membership.user_id.in_(learners)))
    personal = (
        select(Assignment.learner_id.label("user_id"), Assignment.task_id.label("task_id"),
               Assignment.due_on.label("due_on"), literal(True).label("personal"))
        .where(Assignment.learner_id.in_(learners)))
    both = union_all(via_cohort, personal).subquery()
    own = func.min(case((both.c.personal.is_(True), both.c.due_on)))
    return (select(both.c.user_id, both.c.task_id, func.coalesce(own, func.min(both.c.due_on)).label("due_on"))
            .join(Task, Task.id == both.c.task_id).where(Task.is_active.is_(True))
            .group_by(both.c.user_id, both.c.task_id))


def due_dates_for(user: User) -> dict[int, date]:
    """Task id → the earliest due date from the learner's cohorts or personal assignments."""
    rows = db.session.execute(_due_for_one(), {"uid": user.id})
    return {task_id: due for _user_id, task_id, due in rows}


@cache
def _due_for_one():
    """due_rows for one learner, built once (it runs on every learner home and task page)."""
    return due_rows([bindparam("uid")])


def learner_assignments(user: User, done=None) -> list[AssignedTask]:
    """What is assigned to the learner: overdue first, then by due date, passed ones last.
    Tasks come from the published catalog; `done` (progress.done_for) saves its query when the
    caller already has it."""
    from lms.services.progress import done_for

    due = due_dates_for(user)
    if not due:
        return []
    catalog = published.current()
    done = done if done is not None else done_for(user)
    notes = notes_for(user, list(due))
    now = local_today()
    items = []
    for task_id, due_on in due.items():
        task = catalog.task_by_id(task_id)
        if task is None:  # its course or track is no longer published
            continue
        state = (Status.PASSED if task_id in done.tasks
                 else Status.IN_PROGRESS if task_id in done.started else Status.NOT_STARTED)
        items.append(AssignedTask(task, due_on, state, overdue=state != Status.PASSED and due_on < now,
                                  notes=notes.get(task_id, ())))
    return sorted(items, key=lambda a: (a.status == Status.PASSED, not a.overdue, a.due_on,
                                        a.task.position, a.task.id))


def notes_for(user: User, task_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Task id → the notes staff wrote for the learner with these tasks (from any cohort they
    learn in, or a personal assignment), soonest due first, each once (one query)."""
    rows = db.session.execute(_notes_statement(), {"uid": user.id, "task_ids": list(task_ids)})
    notes: dict[int, list[str]] = {}
    for task_id, note in rows:
        if note not in notes.setdefault(task_id, []):
            notes[task_id].append(note)
    return {task_id: tuple(n) for task_id, n in notes.items()}


@cache
def _notes_statement():
    uid = bindparam("uid")
    cohorts = select(Membership.cohort_id).where(Membership.user_id == uid,
                                                 Membership.role == MemberRole.LEARNER.value)
    return (select(Assignment.task_id, Assignment.note)
            .where(Assignment.task_id.in_(bindparam("task_ids", expanding=True)), Assignment.note != "",
                   or_(Assignment.cohort_id.in_(cohorts), Assignment.learner_id == uid))
            .order_by(Assignment.due_on, Assignment.id))


def due_for(user: User, task: Task) -> date | None:
    """When this task is due for the learner, or None if nobody assigned it."""
    return next((due for _user_id, task_id, due in db.session.execute(_due_for_one(), {"uid": user.id})
                 if task_id == task.id), None)


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
