"""A learner's way through the catalog: lessons done, quiz attempts, drafts, percentages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, case, func, literal, select, union_all

from courses import model as content
from courses.quiz import QuizResult, grade_quiz
from lms import permissions
from lms.extensions import db
from lms.models import (
    ID_MAX,
    Draft,
    Lesson,
    LessonProgress,
    Task,
    TaskAttempt,
    TaskVersion,
    Track,
    User,
)
from lms.services import published, tutoring
from lms.services.errors import Forbidden, Invalid, NotFound
from lms.services.once import insert_once
from lms.services.published import CourseItem, LessonItem, TaskItem, TrackItem

MAX_ANSWERS = 200
MAX_DRAFT_CHARS = 5000


def draft_fields(kind: str) -> tuple[str, ...]:
    """The fields a learner types for a task kind (the tutor's kind registry); () for quizzes."""
    return tutoring.input_fields(kind)


@dataclass(frozen=True)
class Done:
    """What a learner has finished: lesson ids and passed task ids; `started` holds the tasks
    they attempted or saved a draft of (passed or not)."""

    lessons: frozenset[int]
    tasks: frozenset[int]
    started: frozenset[int] = frozenset()

    def key(self) -> tuple:
        """The same value in every process (sorted), for page validators."""
        return tuple(sorted(self.lessons)), tuple(sorted(self.tasks)), tuple(sorted(self.started))

    def percent(self, lessons, tasks) -> int:
        """Share of these lessons and tasks that are done, 0–100."""
        total = len(lessons) + len(tasks)
        n = sum(le.id in self.lessons for le in lessons) + sum(t.id in self.tasks for t in tasks)
        return round(100 * n / total) if total else 0


_LESSON, _ATTEMPT, _DRAFT = 0, 1, 2


@cache
def _done_statement():
    """Built once: constructing the union costs more than running it (`uid` bound per call)."""
    uid = bindparam("uid")
    return union_all(
        select(literal(_LESSON), LessonProgress.lesson_id, literal(1)).where(LessonProgress.user_id == uid),
        select(literal(_ATTEMPT), TaskVersion.task_id,
               func.max(case((TaskAttempt.passed.is_(True), 1), else_=0)))
        .join(TaskAttempt, TaskAttempt.task_version_id == TaskVersion.id)
        .where(TaskAttempt.user_id == uid).group_by(TaskVersion.task_id),
        select(literal(_DRAFT), Draft.task_id, literal(0)).where(Draft.user_id == uid))


def done_for(user: User) -> Done:
    """Every lesson completed, task passed and task started by `user`, in one column query."""
    rows = db.session.execute(_done_statement(), {"uid": user.id})
    lessons, passed, started = set(), set(), set()
    for source, row_id, flag in rows:
        if source == _LESSON:
            lessons.add(row_id)
        else:
            started.add(row_id)
            if flag:
                passed.add(row_id)
    return Done(frozenset(lessons), frozenset(passed), frozenset(started))


# Percentages and "what next" read the published catalog (lms.services.published): plain
# values that hold only what is published, so there is nothing to filter and nothing to load.

def course_percent(done: Done, course: CourseItem) -> int:
    """How much of one course is done."""
    return done.percent(course.lessons, course.tasks)


def track_percent(done: Done, track: TrackItem) -> int:
    """How much of one track is done, counting every lesson and task equally."""
    return done.percent([le for c in track.courses for le in c.lessons],
                        [t for c in track.courses for t in c.tasks])


def next_lesson(done: Done, track: TrackItem) -> LessonItem | None:
    """The first lesson of the track the learner has not finished."""
    return next((le for c in track.courses for le in c.lessons if le.id not in done.lessons), None)


def next_tasks(done: Done, track: TrackItem, limit: int = 3) -> list[TaskItem]:
    """The first tasks of the track the learner has not passed."""
    todo = [t for c in track.courses for t in c.tasks if t.id not in done.tasks]
    return todo[:limit]


def tracks() -> list[Track]:
    """Active tracks in catalog order, as rows (for staff forms)."""
    return list(db.session.scalars(select(Track).where(Track.is_active.is_(True)).order_by(Track.position)))


def get_active(model, slug: str):
    """An active catalog row by slug, for the writes; NotFound when missing or retired."""
    row = db.session.scalar(select(model).where(model.slug == slug, model.is_active.is_(True)))
    if row is None:
        raise NotFound(_l("This page does not exist or was removed."))
    return row


def do_complete_lesson(actor: User, lesson: Lesson) -> None:
    """Mark a lesson done (again is a no-op)."""
    if not permissions.can_study(actor) or not lesson.is_active:
        raise Forbidden(_l("You cannot mark this lesson."))
    def find() -> LessonProgress | None:
        return db.session.scalar(select(LessonProgress).where(
            LessonProgress.user_id == actor.id, LessonProgress.lesson_id == lesson.id))

    if find() is None:
        insert_once(LessonProgress(user_id=actor.id, lesson_id=lesson.id), find)


def content_task(version: TaskVersion) -> content.Task:
    """The loader's Task value rebuilt from a stored version, for grading."""
    d = version.definition
    questions = tuple(
        content.Question(q["id"], q["type"], q["prompt"],
                         tuple(content.Option(**o) for o in q["options"]))
        for q in d.get("questions") or ())
    return content.Task(slug=version.task.slug, kind=d["kind"], title=d["title"],
                        title_en=d.get("title_en", ""), track="", course="",
                        pass_score=d["pass_score"], hints=tuple(d.get("hints") or ()),
                        questions=questions)


def clean_answers(version: TaskVersion, answers: object) -> dict[str, list[str]]:
    """Check answers are question id -> known option ids, one or more for every question;
    Invalid with a clear message if not (unanswered question ids in details["unanswered"])."""
    if not isinstance(answers, dict):
        raise Invalid(_l("Please answer the questions before submitting."))
    if len(answers) > MAX_ANSWERS:
        raise Invalid(_l("Too many answers."))
    questions = {q["id"]: q for q in version.definition.get("questions") or ()}
    cleaned: dict[str, list[str]] = {}
    for qid, raw in answers.items():
        chosen = [raw] if isinstance(raw, str) else raw
        if qid not in questions or not isinstance(chosen, list) \
                or not all(isinstance(c, str) for c in chosen):
            raise Invalid(_l("Some answers do not belong to this quiz. Please reload the page."))
        known = {o["id"] for o in questions[qid]["options"]}
        if not set(chosen) <= known or len(chosen) > len(known):
            raise Invalid(_l("Some answers do not belong to this quiz. Please reload the page."))
        cleaned[qid] = list(dict.fromkeys(chosen))
    unanswered = [qid for qid in questions if not cleaned.get(qid)]
    if unanswered:
        raise Invalid(_l("Please answer every question."), code="unanswered",
                      details={"unanswered": unanswered})
    return cleaned


def quiz_version(task: Task, version_id: int | None) -> TaskVersion:
    """The version the form was shown with (must belong to this active task), else current."""
    if not task.is_active or task.kind != "quiz":
        raise NotFound(_l("This page does not exist or was removed."))
    if version_id is None:
        return task.current
    for version in task.versions:
        if version.id == version_id:
            return version
    raise Invalid(_l("This quiz has changed. Please reload the page."))


def do_submit_quiz(actor: User, task: Task, answers: object, nonce: str,
                   version_id: int | None = None) -> tuple[TaskAttempt, QuizResult]:
    """Grade and store one quiz attempt; the same nonce twice returns the first attempt."""
    if not permissions.can_study(actor):
        raise Forbidden(_l("Only learners take quizzes."))
    if not nonce or len(nonce) > 64:
        raise Invalid(_l("This form has expired. Please reload the page."))
    def find() -> TaskAttempt | None:
        return db.session.scalar(select(TaskAttempt).where(
            TaskAttempt.user_id == actor.id, TaskAttempt.nonce == nonce))

    earlier = find()
    if earlier is not None:
        return earlier, quiz_result(earlier)
    version = quiz_version(task, version_id)
    cleaned = clean_answers(version, answers)
    result = grade_quiz(content_task(version), cleaned)
    attempt = TaskAttempt(user_id=actor.id, task_version_id=version.id, nonce=nonce,
                          answers=cleaned, score=result.score, passed=result.passed)
    attempt, _created = insert_once(attempt, find)  # a concurrent double tap returns the first
    return attempt, result


def own_attempt(actor: User, attempt_id: int) -> TaskAttempt:
    """The actor's own attempt of any kind; NotFound for anyone else's or an id out of range
    (the same answer whether or not the id exists)."""
    attempt = db.session.get(TaskAttempt, attempt_id) if 0 < attempt_id <= ID_MAX else None
    if attempt is None or attempt.user_id != actor.id:
        raise NotFound(_l("This page does not exist or you cannot see it."))
    return attempt


def is_quiz_attempt(attempt: TaskAttempt) -> bool:
    """True for an answer to a quiz (graded at once, no critique)."""
    return attempt.task_version.definition["kind"] == "quiz"


def quiz_result(attempt: TaskAttempt) -> QuizResult:
    """A stored quiz attempt graded against the version it answered."""
    return grade_quiz(content_task(attempt.task_version), attempt.answers)


def attempts_for(actor: User, task: Task) -> list[TaskAttempt]:
    """The learner's attempts at any version of this task, oldest first."""
    return list(db.session.scalars(
        select(TaskAttempt).join(TaskVersion).where(
            TaskAttempt.user_id == actor.id, TaskVersion.task_id == task.id)
        .order_by(TaskAttempt.id)))


def draft_for(actor: User, task: Task) -> Draft | None:
    """The learner's saved draft for a task, if any."""
    return db.session.scalar(select(Draft).where(Draft.user_id == actor.id, Draft.task_id == task.id))


def do_save_draft(actor: User, task: Task, fields: dict[str, str]) -> Draft:
    """Save the typed text of a copy/reply/livestream task so it is never lost."""
    names = draft_fields(task.kind)
    if not permissions.can_study(actor) or not task.is_active or not names:
        raise Forbidden(_l("You cannot save work on this task."))
    values = {k: (fields.get(k) or "")[:MAX_DRAFT_CHARS + 1] for k in names}
    if any(len(v) > MAX_DRAFT_CHARS for v in values.values()):
        raise Invalid(_l("The text is too long (at most %(n)s characters).", n=MAX_DRAFT_CHARS))
    draft = draft_for(actor, task)
    if draft is None:  # the first save creates the row; a concurrent first save wins, then we update it
        draft, created = insert_once(Draft(user_id=actor.id, task_id=task.id, fields=values),
                                     lambda: draft_for(actor, task))
        if created:
            return draft
    draft.fields = values
    db.session.commit()
    return draft


def learner_tasks(actor: User) -> list[TaskItem]:
    """The learner's tasks: every published task of their placed track (all tracks before
    placement), in catalog order."""
    from lms.services.placement import current_track_id

    catalog = published.current()
    track = catalog.track_by_id(current_track_id(actor))
    return [t for tr in ([track] if track else catalog.tracks) for t in catalog.tasks_of(tr)]
