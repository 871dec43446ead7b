"""Practice submissions: store a learner's copy, reply or livestream, critique it, give credit.

The loop (SPEC §2, §5): `do_submit` validates and commits the submission first — text with its
rule critique already attached (milliseconds), audio as bytes in the database — and only then
enqueues `lms.process_attempt`. The worker's `process` transcribes, critiques (rules, then the
LLM when configured) and stores exactly one final critique. `sweep` re-queues work a lost worker
left behind; after the last try the attempt is `failed` and the page says feedback is delayed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from lms import permissions
from lms.clock import utcnow
from lms.extensions import db
from lms.models import (
    ID_MAX,
    AttemptAudio,
    AttemptStatus,
    Draft,
    Task,
    TaskAttempt,
    TaskVersion,
    User,
)
from lms.services import progress, reviews, tutoring
from lms.services.errors import Conflict, Forbidden, Invalid, NotFound
from lms.services.once import insert_once

TITLE_MAX_CHARS = 200
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
EXEMPLAR_AFTER = 3  # the model answer opens after a pass or this many attempts

FIELD_LABELS = {
    "title": _l("Title"),
    "body": _l("Product description"),
    "reply": _l("Your reply to the buyer"),
    "text": _l("Your livestream script"),
}


@dataclass(frozen=True)
class Upload:
    """A recording as the view received it."""

    data: bytes
    mime: str = ""


def _locale_of(user: User) -> str:
    return user.locale or "zh_CN"


def _audio_message(error: tutoring.AudioError) -> str:
    """The tutor's audio error in the language of the page being answered."""
    return error.message_en if str(get_locale() or "zh_CN").startswith("en") else error.message


def clean_fields(task: Task, fields: dict[str, Any], *, need_text: bool) -> dict[str, str]:
    """The kind's input fields as strings within their limits; Invalid naming the field if not."""
    limit = current_app.config["TEXT_MAX_CHARS"]
    cleaned: dict[str, str] = {}
    for name in tutoring.input_fields(task.kind):
        value = fields.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise Invalid(_l("%(field)s must be text.", field=FIELD_LABELS[name]),
                          field=name, code="bad_field")
        value = value.replace("\r\n", "\n").replace("\x00", "")
        most = TITLE_MAX_CHARS if name == "title" else limit
        if len(value) > most:
            raise Invalid(_l("%(field)s is too long: %(n)s characters, at most %(max)s. "
                             "Please shorten it; your text is kept.",
                             field=FIELD_LABELS[name], n=len(value), max=most),
                          field=name, code="too_long")
        cleaned[name] = value
    text_key = tutoring.text_field(task.kind)
    if need_text and not cleaned.get(text_key, "").strip():
        raise Invalid(_l("Please write %(field)s before submitting.", field=FIELD_LABELS[text_key]),
                      field=text_key, code="empty")
    return cleaned


def _version(task: Task, version_id: int | None) -> TaskVersion:
    """The current version; Conflict when the form answered one that has since been replaced."""
    current = task.current
    if version_id is not None and version_id != current.id:
        raise Conflict(_l("This task was updated since you opened it. Your text is kept below: "
                          "please read the task again and submit."), code="task_changed")
    return current


def _find(actor: User, key: str):
    def find() -> TaskAttempt | None:
        return db.session.scalar(select(TaskAttempt).where(
            TaskAttempt.user_id == actor.id, TaskAttempt.nonce == key))
    return find


def _save_draft(actor: User, task: Task, fields: dict[str, str]) -> None:
    """Keep what was submitted as the draft too, so the form shows it again (no commit)."""
    draft = db.session.scalar(select(Draft).where(Draft.user_id == actor.id, Draft.task_id == task.id))
    if draft is None:
        db.session.add(Draft(user_id=actor.id, task_id=task.id, fields=fields))
    else:
        draft.fields = fields


def _credit(result: dict[str, Any], needs_review: bool) -> dict[str, Any]:
    """Score and credit from a critique: the rubric score against the task's pass score; a
    submission that tries to instruct the grader earns nothing; it, a compliance error and a
    large LLM/rules disagreement go to the mentor's review queue (reviews.flags_for)."""
    flagged = bool(result.get("flagged"))
    return {"critique": result, "score": int(result["score"]),
            "passed": bool(result.get("passed")) and not flagged,
            "needs_review": needs_review or reviews.flags_for(result)}


def _grade(attempt: TaskAttempt, result: dict[str, Any]) -> None:
    for name, value in _credit(result, attempt.needs_review).items():
        setattr(attempt, name, value)


def do_submit(actor: User, task: Task, fields: dict[str, Any], audio: Upload | None = None,
              key: str = "", version_id: int | None = None) -> tuple[TaskAttempt, bool]:
    """Store one submission and its rule critique (text) or its recording (audio), then queue
    the worker's part. The same key twice returns the first attempt: (attempt, created)."""
    if not permissions.can_study(actor):
        raise Forbidden(_l("Only learners submit practice work."))
    if not task.is_active or not tutoring.input_fields(task.kind):
        raise NotFound(_l("This page does not exist or was removed."))
    key = key or uuid.uuid4().hex
    if not KEY_PATTERN.fullmatch(key):
        raise Invalid(_l("This form has expired. Please reload the page."), code="bad_key")
    find = _find(actor, key)
    earlier = find()
    if earlier is not None:
        return earlier, False
    version = _version(task, version_id)
    definition = version.definition
    if audio is not None and not audio.data:
        audio = None  # an empty file box next to typed text: the text is the answer
    if audio is not None and not tutoring.accepts_audio(task.kind):
        raise Invalid(_l("This task takes written text, not a recording."), code="audio_not_accepted")
    cleaned = clean_fields(task, fields, need_text=audio is None)
    probed = None
    if audio is not None:
        try:
            probed = tutoring.probe_audio(audio.data)
        except tutoring.AudioError as error:
            raise Invalid(_audio_message(error), field="audio", code=error.code) from None
    attempt = TaskAttempt(user_id=actor.id, task_version_id=version.id, nonce=key,
                          answers=cleaned, has_audio=probed is not None,
                          needs_review=reviews.mentor_reviewed(definition))
    if probed is not None:
        attempt.status = AttemptStatus.QUEUED
        attempt.audio = AttemptAudio(mime=(audio.mime or "application/octet-stream")[:64],
                                     size=len(audio.data), duration=probed.duration, data=audio.data)
    else:
        payload = tutoring.payload_for(task.kind, definition, cleaned)
        _grade(attempt, tutoring.critique_rules(task.kind, definition, payload, _locale_of(actor)))
        attempt.status = AttemptStatus.CRITIQUING if tutoring.llm_configured() else AttemptStatus.DONE
    _save_draft(actor, task, cleaned)
    attempt, created = insert_once(attempt, find)
    if created and attempt.is_pending:
        enqueue(attempt.id)
    return attempt, created


def enqueue(attempt_id: int) -> bool:
    """Hand an attempt to the workers (after its commit). A broker that is down loses nothing:
    the attempt is stored as pending and the sweeper queues it again."""
    try:
        current_app.extensions["celery"].send_task("lms.process_attempt", args=[attempt_id])
    except Exception:  # the broker is unreachable: log it, the sweeper retries
        current_app.logger.exception("could not queue attempt %s", attempt_id)
        return False
    return True


def _set_status(attempt: TaskAttempt, status: str) -> None:
    attempt.status = status
    attempt.updated_at = utcnow()
    db.session.commit()


def process(attempt_id: int, *, last_try: bool = False) -> str | None:
    """The worker's part for one attempt: transcribe, critique, store. Idempotent: a final
    attempt is left alone, and the final critique is written by a conditional update so two
    workers racing on one attempt store it once. Returns the status reached (None if missing)."""
    attempt = db.session.get(TaskAttempt, attempt_id)
    if attempt is None or attempt.status in AttemptStatus.FINAL:
        return attempt.status if attempt else None
    attempt.tries += 1
    db.session.commit()
    version = attempt.task_version
    kind, definition = version.definition["kind"], version.definition
    user = db.session.get(User, attempt.user_id)
    try:
        if attempt.has_audio and attempt.transcript is None:
            _set_status(attempt, AttemptStatus.TRANSCRIBING)
            try:
                transcript = tutoring.transcribe(attempt.audio.data)
            except tutoring.AudioError as error:  # the recording itself is unusable: no retry
                return _finish(attempt, None, AttemptStatus.FAILED, error.code)
            attempt.transcript = transcript
            _set_status(attempt, AttemptStatus.CRITIQUING)
        elif attempt.status != AttemptStatus.CRITIQUING:
            _set_status(attempt, AttemptStatus.CRITIQUING)
        payload = tutoring.payload_for(kind, definition, attempt.answers or {}, attempt.transcript)
        result = tutoring.critique_with_llm(kind, definition, payload, _locale_of(user), str(user.id))
        return _finish(attempt, result, AttemptStatus.DONE, None)
    except Exception:
        db.session.rollback()
        if not last_try:
            raise
        current_app.logger.exception("attempt %s failed after its last try", attempt_id)
        return _finish(db.session.get(TaskAttempt, attempt_id), None, AttemptStatus.FAILED,
                       "worker_error")


def _finish(attempt: TaskAttempt, result: dict[str, Any] | None, status: str,
            error: str | None) -> str:
    """Store the final state once: only if the attempt is not final yet."""
    values: dict[str, Any] = {"status": status, "error": error, "updated_at": utcnow()}
    if result is not None:
        values.update(_credit(result, attempt.needs_review))
    if attempt.has_audio and attempt.transcript is not None:
        values["transcript"] = attempt.transcript
    attempt_id = attempt.id
    db.session.rollback()  # drop unflushed changes; the update below is the one write
    done = db.session.execute(
        update(TaskAttempt).where(TaskAttempt.id == attempt_id,
                                  TaskAttempt.status.not_in(AttemptStatus.FINAL))
        .values(**values)).rowcount
    db.session.commit()
    if not done:
        return db.session.get(TaskAttempt, attempt_id).status
    return status


def sweep() -> dict[str, int]:
    """Re-queue attempts stuck in a pending status past the deadline (a worker died, the broker
    lost the message); give up on those tried too often (the page says feedback is delayed)."""
    config = current_app.config
    cutoff = utcnow() - timedelta(seconds=config["ATTEMPT_STUCK_SECONDS"])
    stuck = list(db.session.scalars(
        select(TaskAttempt).where(TaskAttempt.status.in_(AttemptStatus.PENDING),
                                  TaskAttempt.updated_at < cutoff).limit(500)))
    requeued = given_up = 0
    for attempt in stuck:
        if attempt.tries >= config["ATTEMPT_MAX_TRIES"]:
            given_up += _finish(attempt, None, AttemptStatus.FAILED, "delayed") == AttemptStatus.FAILED
            continue
        attempt.updated_at = utcnow()
        db.session.commit()
        requeued += enqueue(attempt.id)
    return {"requeued": requeued, "failed": given_up}


def get_task(task_id: int) -> Task:
    """An active task by id; NotFound for a retired task or an id out of range."""
    task = db.session.get(Task, task_id) if 0 < task_id <= ID_MAX else None
    if task is None or not task.is_active:
        raise NotFound(_l("This task does not exist or was removed."))
    return task


def get_own(actor: User, attempt_id: int) -> TaskAttempt:
    """The actor's own submission; NotFound for anyone else's, a quiz attempt or a bad id."""
    attempt = progress.own_attempt(actor, attempt_id)
    if progress.is_quiz_attempt(attempt):
        raise NotFound(_l("This page does not exist or you cannot see it."))
    return attempt


def submissions_for(actor: User, task: Task) -> list[TaskAttempt]:
    """The learner's submissions for a task, oldest first (recordings not loaded)."""
    return progress.attempts_for(actor, task)


def attempt_number(attempt: TaskAttempt) -> int:
    """1 for the learner's first attempt at this task, 2 for the second…"""
    return db.session.scalar(
        select(func.count(TaskAttempt.id)).join(TaskVersion).where(
            TaskAttempt.user_id == attempt.user_id, TaskAttempt.id <= attempt.id,
            TaskVersion.task_id == attempt.task_version.task_id))


def exemplar_open(attempts: list[TaskAttempt]) -> bool:
    """The model answer opens after a pass or after EXEMPLAR_AFTER attempts."""
    return any(a.passed for a in attempts) or len(attempts) >= EXEMPLAR_AFTER


def audio_of(actor: User, attempt_id: int) -> AttemptAudio:
    """The recording of the actor's own submission; NotFound otherwise."""
    attempt = get_own(actor, attempt_id)
    audio = db.session.get(AttemptAudio, attempt.id)
    if audio is None:
        raise NotFound(_l("This page does not exist or you cannot see it."))
    return audio


def feedback_delayed(attempt: TaskAttempt, alive: bool) -> bool:
    """True when the learner should be told feedback is late: the worker part failed, or it is
    pending with no worker alive."""
    return attempt.status == AttemptStatus.FAILED or (attempt.is_pending and not alive)


def attempt_json(attempt: TaskAttempt, number: int, delayed: bool) -> dict[str, Any]:
    """The API's view of one submission (SPEC §3)."""
    return {
        "id": attempt.id, "task_id": attempt.task_version.task_id, "status": attempt.status,
        "attempt": number, "score": attempt.score if attempt.critique else None,
        "passed": attempt.passed, "needs_review": attempt.needs_review,
        "created_at": attempt.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input": attempt.answers or {}, "has_audio": attempt.has_audio,
        "critique": attempt.critique, "transcript": attempt.transcript,
        "error": attempt.error, "feedback_delayed": delayed,
    }


__all__ = ["FIELD_LABELS", "Upload", "attempt_json", "attempt_number", "audio_of", "clean_fields",
           "do_submit", "enqueue", "exemplar_open", "feedback_delayed", "get_own", "get_task",
           "process", "submissions_for", "sweep"]
