"""The learner's pages: home, placement, track, course, lesson, task brief, quiz, practice
submissions and their feedback."""

import uuid

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from courses.markdown import render_markdown
from lms.access import role_required
from lms.auth import throttle
from lms.clock import local_today
from lms.extensions import limiter
from lms.http import conditional_page, db_id
from lms.i18n import loc_title
from lms.learn.forms import HelpForm, JoinForm
from lms.models import Lesson, Role, Task
from lms.queue import queue_alive
from lms.services import (
    assignments,
    feedback,
    orgs,
    placement,
    progress,
    published,
    reviews,
    submissions,
    tutoring,
)
from lms.services.errors import DomainError

bp = Blueprint("learn", __name__, url_prefix="/learn")


def _who() -> tuple:
    """What every page shows of the learner (the footer), for the page validators."""
    return current_user.id, current_user.display_name, current_user.login_name


@bp.get("/")
@role_required(Role.LEARNER)
def home():
    catalog = published.current()
    done = progress.done_for(current_user)
    track = catalog.track_by_id(placement.current_track_id(current_user))
    assigned = assignments.learner_assignments(current_user, done)
    groups = orgs.groups_of(current_user)
    return conditional_page(
        (catalog.version, _who(), track and track.id, done.key(),
         [(a.key, a.due_on, a.status, a.overdue, a.notes) for a in assigned], [tuple(g) for g in groups]),
        lambda: render_template(
            "learn/home.html", groups=groups, join_form=JoinForm(),
            track=track, done=done, tracks=catalog.tracks, assigned=assigned,
            due={a.task.id: a.due_on for a in assigned if a.task},
            percents={t.id: progress.track_percent(done, t) for t in catalog.tracks},
            next_lesson=progress.next_lesson(done, track) if track else None,
            next_tasks=progress.next_tasks(done, track) if track else []))


@bp.post("/join")
@role_required(Role.LEARNER)
@limiter.limit(throttle.address_limit)
@limiter.limit(throttle.join_limit, key_func=throttle.user_key)
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            cohort = orgs.do_join_cohort(current_user, form.join_code.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_l("You joined %(name)s.", name=cohort.name), "success")
    else:
        flash(_l("Please enter the join code your mentor or teacher gave you."), "error")
    return redirect(url_for("learn.home"), code=303)


def _placement_answers(source=None) -> dict[str, str]:
    """The placement answers from the form (or the query string), question id -> option id."""
    quiz = placement.placement_quiz()
    source = request.form if source is None else source
    return {q.id: source.get(q.id, "") for q in quiz.questions}


@bp.route("/placement", methods=["GET", "POST"])
@role_required(Role.LEARNER)
def placement_quiz():
    answers, unanswered, status = {}, (), 200
    if request.method == "POST":
        answers = _placement_answers()
        try:
            placement.suggest(answers)
        except DomainError as error:
            flash(error.message, "error")
            unanswered, status = error.details.get("unanswered", ()), error.status
        else:  # the suggestion is a page of its own: reload and back never re-post
            return redirect(url_for("learn.placement_result", **answers), code=303)
    return render_template("learn/placement.html", quiz=placement.placement_quiz(),
                           answers=answers, unanswered=unanswered, suggestion=None), status


@bp.get("/placement/result")
@role_required(Role.LEARNER)
def placement_result():
    """The suggested track for the answers in the query string (nothing is stored yet)."""
    answers = _placement_answers(request.args)
    try:
        suggestion = placement.suggest(answers)
    except DomainError:
        return redirect(url_for("learn.placement_quiz"), code=303)
    return render_template("learn/placement.html", quiz=placement.placement_quiz(), answers=answers,
                           suggestion=suggestion, tracks=progress.tracks())


@bp.post("/placement/choose")
@role_required(Role.LEARNER)
def choose_track():
    try:
        chosen = placement.do_choose_track(current_user, _placement_answers(),
                                           request.form.get("track", ""))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("learn.placement_quiz"), code=303)
    flash(_l("Your track: %(name)s.", name=loc_title(chosen.chosen_track)), "success")
    return redirect(url_for("learn.home"), code=303)


@bp.get("/tracks/<slug>")
@role_required(Role.LEARNER)
def track(slug: str):
    catalog = published.current()
    row = catalog.track(slug)
    done = progress.done_for(current_user)
    return conditional_page((catalog.version, _who(), done.key()), lambda: render_template(
        "learn/track.html", track=row, courses=row.courses, percent=progress.track_percent(done, row),
        percents={c.id: progress.course_percent(done, c) for c in row.courses}))


@bp.get("/courses/<slug>")
@role_required(Role.LEARNER)
def course(slug: str):
    catalog = published.current()
    row = catalog.course(slug)
    done = progress.done_for(current_user)
    return conditional_page((catalog.version, _who(), done.key()), lambda: render_template(
        "learn/course.html", course=row, done=done, lessons=row.lessons, tasks=row.tasks,
        percent=progress.course_percent(done, row)))


def _link_for(kind: str, slug: str) -> str | None:
    """URLs for `lesson:`/`task:` links inside lesson Markdown."""
    endpoint = {"lesson": "learn.lesson", "task": "learn.task"}.get(kind)
    return url_for(endpoint, slug=slug) if endpoint else None


def _markdown(text: str) -> str:
    return render_markdown(text, _link_for)


@bp.get("/lessons/<slug>")
@role_required(Role.LEARNER)
def lesson(slug: str):
    catalog = published.current()
    row = catalog.lesson(slug)
    done = progress.done_for(current_user)
    is_done = row.id in done.lessons
    due, notes = assignments.lesson_due_and_notes(current_user, row.id)
    return conditional_page((catalog.version, _who(), is_done, due, notes), lambda: render_template(
        "learn/lesson.html", lesson=row, body=catalog.rendered(("lesson", row.id), row.body, _markdown),
        is_done=is_done, after=catalog.lesson_after(row), due=due, notes=notes,
        overdue=due is not None and not is_done and due < local_today(),
        tasks=[t for t in row.course.tasks if t.lesson_id == row.id]))


@bp.post("/lessons/<slug>/done")
@role_required(Role.LEARNER)
def lesson_done(slug: str):
    row = progress.get_active(Lesson, slug)
    progress.do_complete_lesson(current_user, row)
    catalog = published.current()
    after = catalog.lesson_after(catalog.lesson(slug))
    if request.form.get("go") == "next" and after:
        return redirect(url_for("learn.lesson", slug=after.slug), code=303)
    flash(_l("Lesson marked as done."), "success")
    return redirect(url_for("learn.lesson", slug=row.slug), code=303)


def _brief_html(catalog, task) -> str | None:
    """The brief's Markdown as sanitized HTML, through the lessons' renderer (once per catalog)."""
    brief = task.definition.get("brief")
    return catalog.rendered(("brief", task.id), brief["text"], _markdown) if brief else None


def _render_task(slug: str, status: int = 200, values: dict | None = None,
                 key: str | None = None, unanswered=()):
    """The task page, from the published catalog. `values` (what the learner just sent: typed
    fields or quiz choices) win over the saved draft so a refused submission loses nothing;
    `key` keeps the same idempotency key for a retry; `unanswered` marks the quiz questions
    still to answer."""
    catalog = published.current()
    task = catalog.task(slug)
    attempts = progress.attempts_for(current_user, task)
    draft = progress.draft_for(current_user, task)
    fields = progress.draft_fields(task.kind)
    if values is None:
        values = dict(draft.fields) if draft else {}
        earlier = request.args.get("from", type=db_id)
        if earlier:  # "revise": start from that attempt's text
            values = dict(submissions.get_own(current_user, earlier).answers or {})
    return render_template(
        "learn/task.html", task=task, version_id=task.version_id, d=task.definition,
        brief=_brief_html(catalog, task), attempts=attempts, nonce=uuid.uuid4().hex,
        key=key or uuid.uuid4().hex,
        due=assignments.due_for(current_user, task),
        notes=assignments.notes_for(current_user, [task.id]).get(("task", task.id), ()),
        show_exemplar=submissions.exemplar_open(attempts), draft=draft, fields=fields,
        values=values, unanswered=unanswered, labels=submissions.FIELD_LABELS,
        text_max=current_app.config["TEXT_MAX_CHARS"], title_max=submissions.TITLE_MAX_CHARS,
        audio_max_mb=current_app.config["AUDIO_MAX_BYTES"] // (1024 * 1024),
        audio_max_s=int(current_app.config["AUDIO_MAX_SECONDS"]),
        accepts_audio=tutoring.accepts_audio(task.kind) if fields else False), status


@bp.get("/tasks/<slug>")
@role_required(Role.LEARNER)
def task(slug: str):
    return _render_task(slug)


def _quiz_answers() -> dict[str, list[str]]:
    """Form fields q-<question id> (radios or checkboxes) as question id -> option ids."""
    return {key[2:]: request.form.getlist(key) for key in request.form if key.startswith("q-")}


@bp.post("/tasks/<slug>/quiz")
@role_required(Role.LEARNER)
def submit_quiz(slug: str):
    row = progress.get_active(Task, slug)
    version_id = request.form.get("version", type=db_id)
    answers = _quiz_answers()
    try:
        attempt, _result = progress.do_submit_quiz(current_user, row, answers,
                                                   request.form.get("nonce", ""), version_id)
    except DomainError as error:
        flash(error.message, "error")  # the choices made stay ticked; unanswered ones are marked
        return _render_task(slug, status=error.status, values=answers,
                            unanswered=error.details.get("unanswered", ()))
    # the result is a page of its own (reload, back and a shared link work; no re-POST)
    return redirect(url_for("learn.submission", attempt_id=attempt.id), code=303)


@bp.post("/tasks/<slug>/draft")
@role_required(Role.LEARNER)
def save_draft(slug: str):
    row = progress.get_active(Task, slug)
    fields = {k: request.form.get(k, "") for k in progress.draft_fields(row.kind)}
    try:
        progress.do_save_draft(current_user, row, fields)
    except DomainError as error:
        flash(error.message, "error")
        return _render_task(slug, status=error.status)
    flash(_l("Draft saved."), "success")
    return redirect(url_for("learn.task", slug=row.slug), code=303)


def _wants_json() -> bool:
    """The recorder's upload (XHR) asks for JSON; a plain form post gets pages."""
    return request.accept_mimetypes.best == "application/json"


@bp.post("/tasks/<slug>/submit")
@role_required(Role.LEARNER)
def submit(slug: str):
    row = progress.get_active(Task, slug)
    fields = {k: request.form.get(k, "") for k in progress.draft_fields(row.kind)}
    upload = request.files.get("audio")
    audio = submissions.Upload(upload.read(), upload.mimetype or "") if upload else None
    key = request.form.get("key", "")
    try:
        attempt, _created = submissions.do_submit(current_user, row, fields, audio, key,
                                                  request.form.get("version", type=db_id))
    except DomainError as error:
        if _wants_json():
            return jsonify({"error": {"code": error.code, "message": str(error.message),
                                      "field": error.field}}), error.status
        flash(error.message, "error")
        return _render_task(slug, status=error.status, values=fields, key=key)
    url = url_for("learn.submission", attempt_id=attempt.id)
    if _wants_json():
        return jsonify({"id": attempt.id, "status": attempt.status, "url": url}), 202
    return redirect(url, code=303)


def _quiz_attempt(attempt):
    """A quiz attempt graded against the version it answered, with the learner's others."""
    task = attempt.task_version.task
    attempts = progress.attempts_for(current_user, task)
    return render_template("learn/quiz_result.html", attempt=attempt, task=task,
                           d=attempt.task_version.definition, result=progress.quiz_result(attempt),
                           number=attempts.index(attempt) + 1, attempts=attempts)


@bp.get("/submissions/<int:attempt_id>")
@role_required(Role.LEARNER)
def submission(attempt_id: int):
    """One page per attempt: a quiz's graded answers, or a practice submission's feedback."""
    attempt = progress.own_attempt(current_user, attempt_id)
    if progress.is_quiz_attempt(attempt):
        return _quiz_attempt(attempt)
    task = attempt.task_version.task
    attempts = submissions.submissions_for(current_user, task)
    critique = attempt.critique
    findings = feedback.numbered(critique)
    d = attempt.task_version.definition
    return render_template(
        "learn/submission.html", attempt=attempt, task=task, d=d, critique=critique,
        findings=findings, unplaced=feedback.unplaced(findings), feedback=feedback,
        fields=[f for f in progress.draft_fields(task.kind) if (attempt.answers or {}).get(f)],
        labels=submissions.FIELD_LABELS, number=attempts.index(attempt) + 1,
        timeline=feedback.timeline(attempt.transcript, critique) if attempt.transcript else None,
        cap=feedback.cap_sentence(critique), trend=feedback.trend_points(attempts),
        pass_y=feedback.pass_line_y(d["pass_score"]), attempts=attempts,
        show_exemplar=submissions.exemplar_open(attempts),
        delayed=submissions.feedback_delayed(attempt, queue_alive()),
        draft_key=f"draft-{current_user.id}-{task.slug}", reviews=reviews.reviews_of(attempt),
        help_form=HelpForm())


@bp.post("/submissions/<int:attempt_id>/help")
@role_required(Role.LEARNER)
def ask_for_help(attempt_id: int):
    """"请导师看看": the submission goes to the mentor's review queue."""
    attempt = submissions.get_own(current_user, attempt_id)
    if not HelpForm().validate_on_submit():
        abort(400)
    if reviews.do_request_help(current_user, attempt):
        flash(_l("Your mentor will look at this submission."), "success")
    else:
        flash(_l("You already asked; your mentor will look at it soon."), "info")
    return redirect(url_for("learn.submission", attempt_id=attempt.id), code=303)


@bp.get("/submissions/<int:attempt_id>/audio")
@role_required(Role.LEARNER)
def submission_audio(attempt_id: int):
    audio = submissions.audio_of(current_user, attempt_id)
    response = Response(audio.data, mimetype=audio.mime)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
