"""Assignments: staff give a cohort or single learners a task with a due date; learners see
what is due."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from lms import permissions
from lms.clock import local_today, local_zone
from lms.extensions import db
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


def assignable_tasks() -> list[tuple[Track, list[Task]]]:
    """Published (active) tasks grouped by track, in catalog order, for the assign form."""
    rows = db.session.scalars(
        _published(select(Task)).options(joinedload(Task.course).joinedload(Course.track))
        .order_by(Track.position, Course.position, Task.position))
    groups: dict[int, tuple[Track, list[Task]]] = {}
    for task in rows:
        groups.setdefault(task.course.track_id, (task.course.track, []))[1].append(task)
    return list(groups.values())


def _assignable_task(raw: object) -> Task:
    """The active task a form or API value names; Invalid when empty, unknown or retired."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise Invalid(_l("Please choose a task."), field="task")
    try:
        task_id = int(raw)
    except (TypeError, ValueError):
        task_id = None
    if task_id is not None and not 0 < task_id <= ID_MAX:  # not an id any database holds
        task_id = None
    task = db.session.scalar(_published(select(Task)).where(Task.id == task_id)) \
        if task_id and not isinstance(raw, bool) else None
    if task is None:
        raise Invalid(_l("There is no such task. Please choose one from the list."), field="task")
    return task


def do_assign(actor: User, cohort: Cohort, task_id: object, due: object, note: str = "") -> Assignment:
    """Assign a task to every learner of a cohort; one assignment per task and cohort."""
    if not permissions.can_assign(actor, cohort):
        raise NotFound(_l("Group not found."))
    task = _assignable_task(task_id)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    existing = db.session.scalar(select(Assignment).where(
        Assignment.cohort_id == cohort.id, Assignment.task_id == task.id))
    if existing is not None:
        raise _duplicate(existing)
    assignment = Assignment(cohort_id=cohort.id, task_id=task.id, due_on=due_on, note=note,
                            created_by_id=actor.id)
    db.session.add(assignment)
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent double submit won the race
        db.session.rollback()
        existing = db.session.scalar(select(Assignment).where(
            Assignment.cohort_id == cohort.id, Assignment.task_id == task.id))
        raise _duplicate(existing) from None
    return assignment


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


def do_assign_learners(actor: User, usernames: object, task_id: object, due: object,
                       note: str = "") -> list[Assignment]:
    """Assign a task to single learners, one personal assignment each; all or nothing. A
    learner who already has a personal assignment of this task is a Conflict naming them."""
    if not permissions.is_staff(actor):
        raise Forbidden(_l("Only mentors and teachers assign tasks."))
    task = _assignable_task(task_id)
    due_on = _check_future(parse_due(due))
    note = _clean_note(note)
    learners = learners_named(actor, clean_usernames(usernames))
    learner_ids, task_id = [u.id for u in learners], task.id  # plain ids survive the commit
    taken = set(db.session.scalars(select(Assignment.learner_id).where(
        Assignment.task_id == task_id, Assignment.learner_id.in_(learner_ids))))
    if taken:
        names = [u.login_name for u in learners if u.id in taken]
        raise Conflict(_l("This task is already assigned to: %(names)s. Nothing was assigned.",
                          names=_named(names)), field="task", details={"usernames": names})
    db.session.add_all([Assignment(learner_id=learner_id, task_id=task_id, due_on=due_on, note=note,
                                   created_by_id=actor.id) for learner_id in learner_ids])
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request assigned one of them first
        db.session.rollback()
        raise Conflict(_l("This task was just assigned to some of these learners. Nothing was "
                          "assigned; please try again."), field="task") from None
    # reloaded in one query, with learner and task, in the order the usernames were given
    return list(db.session.scalars(
        select(Assignment).where(Assignment.task_id == task_id, Assignment.learner_id.in_(learner_ids))
        .options(joinedload(Assignment.learner), joinedload(Assignment.task))
        .order_by(Assignment.id)))


def _duplicate(existing: Assignment) -> Conflict:
    return Conflict(_l("This task is already assigned to the group (due %(date)s). "
                       "Change its due date below instead.", date=existing.due_on.isoformat()),
                    field="task")


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
    rows = db.session.execute(due_rows([user.id]))
    return {task_id: due for _user_id, task_id, due in rows}


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
    cohorts = select(Membership.cohort_id).where(Membership.user_id == user.id,
                                                 Membership.role == MemberRole.LEARNER.value)
    rows = db.session.execute(
        select(Assignment.task_id, Assignment.note)
        .where(Assignment.task_id.in_(task_ids), Assignment.note != "",
               or_(Assignment.cohort_id.in_(cohorts), Assignment.learner_id == user.id))
        .order_by(Assignment.due_on, Assignment.id))
    notes: dict[int, list[str]] = {}
    for task_id, note in rows:
        if note not in notes.setdefault(task_id, []):
            notes[task_id].append(note)
    return {task_id: tuple(n) for task_id, n in notes.items()}


def due_for(user: User, task: Task) -> date | None:
    """When this task is due for the learner, or None if nobody assigned it."""
    due = due_rows([user.id]).subquery()
    return db.session.scalar(select(due.c.due_on).where(due.c.task_id == task.id))


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
