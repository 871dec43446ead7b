"""A learner's way through the catalog: lessons done, quiz attempts, drafts, percentages."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from courses import model as content
from courses.quiz import QuizResult, grade_quiz
from lms import permissions
from lms.extensions import db
from lms.models import (
    ID_MAX,
    Course,
    Draft,
    Lesson,
    LessonProgress,
    Task,
    TaskAttempt,
    TaskVersion,
    Track,
    User,
)
from lms.services import tutoring
from lms.services.errors import Forbidden, Invalid, NotFound
from lms.services.once import insert_once

MAX_ANSWERS = 200
MAX_DRAFT_CHARS = 5000


def draft_fields(kind: str) -> tuple[str, ...]:
    """The fields a learner types for a task kind (the tutor's kind registry); () for quizzes."""
    return tutoring.input_fields(kind)


@dataclass(frozen=True)
class Done:
    """What a learner has finished: lesson ids and passed task ids."""

    lessons: frozenset[int]
    tasks: frozenset[int]

    def percent(self, lessons: list[Lesson], tasks: list[Task]) -> int:
        """Share of these lessons and tasks that are done, 0–100."""
        total = len(lessons) + len(tasks)
        n = sum(le.id in self.lessons for le in lessons) + sum(t.id in self.tasks for t in tasks)
        return round(100 * n / total) if total else 0


def done_for(user: User) -> Done:
    """Every lesson completed and task passed by `user` (two queries)."""
    lessons = db.session.scalars(select(LessonProgress.lesson_id).where(LessonProgress.user_id == user.id))
    tasks = db.session.scalars(
        select(TaskVersion.task_id).join(TaskAttempt, TaskAttempt.task_version_id == TaskVersion.id)
        .where(TaskAttempt.user_id == user.id, TaskAttempt.passed.is_(True)))
    return Done(frozenset(lessons), frozenset(tasks))


def active_lessons(course: Course) -> list[Lesson]:
    """The course's lessons that are still in the content."""
    return [le for le in course.lessons if le.is_active]


def active_tasks(course: Course) -> list[Task]:
    """The course's tasks that are still in the content."""
    return [t for t in course.tasks if t.is_active]


def active_courses(track: Track) -> list[Course]:
    """The track's courses that are still in the content."""
    return [c for c in track.courses if c.is_active]


def course_percent(done: Done, course: Course) -> int:
    """How much of one course is done."""
    return done.percent(active_lessons(course), active_tasks(course))


def track_percent(done: Done, track: Track) -> int:
    """How much of one track is done, counting every lesson and task equally."""
    courses = active_courses(track)
    lessons = [le for c in courses for le in active_lessons(c)]
    return done.percent(lessons, [t for c in courses for t in active_tasks(c)])


def _with_contents(model) -> list:
    """Eager loads so percentages over a track's courses, lessons and tasks cost a fixed number
    of queries however big the catalog grows (no query per course)."""
    if model is Track:
        courses = selectinload(Track.courses)
        return [courses.selectinload(Course.lessons), courses.selectinload(Course.tasks)]
    if model is Course:
        return [selectinload(Course.lessons), selectinload(Course.tasks)]
    return []


def tracks() -> list[Track]:
    """Active tracks in catalog order, with their courses, lessons and tasks loaded."""
    return list(db.session.scalars(select(Track).where(Track.is_active.is_(True))
                                   .options(*_with_contents(Track)).order_by(Track.position)))


def get_active(model, slug: str):
    """An active catalog row by slug (contents eagerly loaded); NotFound when missing or retired."""
    row = db.session.scalar(select(model).where(model.slug == slug, model.is_active.is_(True))
                            .options(*_with_contents(model)))
    if row is None:
        raise NotFound(_l("This page does not exist or was removed."))
    return row


def next_lesson(done: Done, track: Track) -> Lesson | None:
    """The first lesson of the track the learner has not finished."""
    for course in active_courses(track):
        for lesson in active_lessons(course):
            if lesson.id not in done.lessons:
                return lesson
    return None


def next_tasks(done: Done, track: Track, limit: int = 3) -> list[Task]:
    """The first tasks of the track the learner has not passed."""
    todo = [t for c in active_courses(track) for t in active_tasks(c) if t.id not in done.tasks]
    return todo[:limit]


def lesson_after(lesson: Lesson) -> Lesson | None:
    """The next lesson in the same track, crossing course boundaries."""
    track = db.session.scalar(select(Track).where(Track.id == lesson.course.track_id)
                              .options(*_with_contents(Track)))
    ordered = [le for c in active_courses(track) for le in active_lessons(c)]
    index = ordered.index(lesson) if lesson in ordered else -1
    return ordered[index + 1] if 0 <= index < len(ordered) - 1 else None


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


def learner_tasks(actor: User) -> list[Task]:
    """The learner's tasks: every active task of their placed track (all tracks before placement)."""
    from lms.services.placement import current_placement

    chosen = current_placement(actor)
    query = (select(Task).join(Course).join(Track)
             .where(Task.is_active.is_(True), Course.is_active.is_(True), Track.is_active.is_(True))
             .order_by(Track.position, Course.position, Task.position))
    if chosen is not None:
        query = query.where(Track.id == chosen.chosen_track_id)
    return list(db.session.scalars(query))
