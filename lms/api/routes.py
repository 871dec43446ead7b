"""JSON API v1: tokens, the caller, tasks, submissions, cohorts, assignments, progress and reviews."""

import uuid

from flask import Blueprint, Response, g, jsonify, request
from flask_babel import lazy_gettext as _l

from lms.api.auth import api_auth, bearer_token
from lms.auth import throttle
from lms.extensions import csrf, limiter
from lms.http import db_id
from lms.models import ID_MAX, Role
from lms.queue import queue_alive
from lms.services import (
    accounts,
    assignments,
    gradebook,
    orgs,
    reports,
    reviews,
    roster,
    submissions,
)
from lms.services.errors import Invalid

bp = Blueprint("api", __name__, url_prefix="/api/v1")

csrf.exempt(bp)  # writes with a session cookie are CSRF-checked in api_auth instead


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid(_l("Send a JSON object with Content-Type: application/json."), code="bad_json")
    return data


def user_json(user) -> dict:
    return {
        "id": user.id, "username": user.username, "phone": user.phone,
        "display_name": user.display_name, "role": user.role, "locale": user.locale or "zh_CN",
        "must_change_password": user.must_change_password,
        "cohorts": [{"id": g.id, "name": g.name, "role": g.role} for g in orgs.groups_of(user)],
    }


@bp.post("/tokens")
@limiter.limit(throttle.address_limit)
@limiter.limit(throttle.account_limit, key_func=throttle.account_key, deduct_when=throttle.failed)
def create_token():
    data = json_body()
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise Invalid(_l("Send username and password as strings."), code="bad_request")
    user = accounts.authenticate(username, password, for_api=True)
    token, expires_at = accounts.issue_api_token(user)
    return jsonify({"token": token, "role": user.role, "expires_at": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")}), 201


@bp.delete("/tokens/current")
@api_auth()
def revoke_current_token():
    """Sign this client out: the bearer token it sent stops working at once."""
    if not accounts.revoke_api_token(bearer_token()):
        raise Invalid(_l("Send the token to revoke as Authorization: Bearer <token>."), code="bad_request")
    return "", 204


@bp.get("/me")
@api_auth()
def me():
    return jsonify(user_json(g.api_user))


@bp.get("/cohorts")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def cohorts():
    items = orgs.visible_cohorts(g.api_user)
    counts = orgs.learner_counts([c.id for c in items])
    return jsonify([
        {"id": c.id, "name": c.name, "org": c.org.name, "kind": c.org.kind, "join_code": c.join_code,
         "is_open": c.is_open, "learners": counts.get(c.id, 0), "capacity": c.capacity}
        for c in items
    ])


@bp.get("/tasks")
@api_auth(Role.LEARNER)
def tasks():
    """The learner's tasks; due_at is the assignment's due date (YYYY-MM-DD) or null."""
    return jsonify([
        {"id": t.id, "slug": t.slug, "kind": t.kind, "title": t.title,
         "track": t.course.track.slug, "course": t.course.slug,
         "due_at": due.isoformat() if due else None}
        for t, due in assignments.learner_tasks_with_due(g.api_user)
    ])


def item_json(a) -> dict:
    """What an assignment names: a task (with its kind) or a lesson (kind "lesson")."""
    if a.task_id is not None:
        return {"task_id": a.task_id, "lesson_id": None, "slug": a.task.slug, "kind": a.task.kind,
                "title": a.task.title}
    return {"task_id": None, "lesson_id": a.lesson_id, "slug": a.lesson.slug, "kind": "lesson",
            "title": a.lesson.title}


def assignment_json(row: assignments.AssignmentRow) -> dict:
    """A cohort's assignment; for a lesson, learners_passed and learners_attempted both count
    the learners who marked it done."""
    a = row.assignment
    return {"id": a.id, "cohort_id": a.cohort_id, **item_json(a), "due_at": a.due_on.isoformat(),
            "note": a.note, "learners_passed": row.passed, "learners_attempted": row.attempted}


def _ids(data: dict, one: str, many: str) -> list | None:
    """The ids a request names under `one` (an id) or `many` (a non-empty list); None if neither."""
    if one in data and many in data:
        raise Invalid(_l("Send either %(one)s or %(many)s (not both).", one=one, many=many), code="bad_request")
    if many in data:
        if not isinstance(data[many], list) or not data[many]:
            raise Invalid(_l("Send %(many)s as a non-empty list of ids.", many=many), code="bad_request")
        return data[many]
    return [data[one]] if one in data else None


@bp.post("/assignments")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def create_assignment():
    """Assign a task {"task_id"} or several {"task_ids": [...]}, and/or a lesson {"lesson_id"} or
    several {"lesson_ids": [...]}, to a whole cohort {"cohort_id"} or to single learners
    {"usernames": [...]}, with "due_at" and an optional "note"; all or nothing. One task alone
    answers as before (SPEC §3); anything else answers {"assignments": [...]}."""
    data = json_body()
    note = data.get("note") if isinstance(data.get("note"), str) else ""
    if ("cohort_id" in data) == ("usernames" in data):
        raise Invalid(_l("Send either cohort_id or usernames (not both)."), code="bad_request")
    tasks, lessons = _ids(data, "task_id", "task_ids"), _ids(data, "lesson_id", "lesson_ids")
    several = "task_ids" in data or lessons is not None
    if tasks is None and lessons is None:
        tasks = [None]  # the service says which field is missing
    if "usernames" in data:
        created = assignments.do_assign_learners(g.api_user, data["usernames"], tasks or [], data.get("due_at"),
                                                 note, lesson_ids=lessons)
        if several:
            return jsonify({"due_at": created[0].due_on.isoformat(), "note": created[0].note,
                            "assignments": [{"id": a.id, **item_json(a), "username": a.learner.login_name}
                                            for a in created]}), 201
        task = created[0].task
        return jsonify({"task_id": task.id, "slug": task.slug, "kind": task.kind, "title": task.title,
                        "due_at": created[0].due_on.isoformat(), "note": created[0].note,
                        "assignments": [{"id": a.id, "username": a.learner.login_name}
                                        for a in created]}), 201
    cohort_id = data.get("cohort_id")
    if not isinstance(cohort_id, int) or isinstance(cohort_id, bool) or not 0 < cohort_id <= ID_MAX:
        raise Invalid(_l("Send cohort_id as a number."), code="bad_request")
    cohort = orgs.get_cohort_for(g.api_user, cohort_id)
    created = assignments.do_assign_tasks(g.api_user, cohort, tasks or [], data.get("due_at"), note,
                                          lesson_ids=lessons)
    rows = {r.assignment.id: r for r in assignments.cohort_assignments(cohort)}
    if several:
        return jsonify({"assignments": [assignment_json(rows[a.id]) for a in created]}), 201
    return jsonify(assignment_json(rows[created[0].id])), 201


@bp.get("/cohorts/<int:cohort_id>/assignments")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def cohort_assignments(cohort_id: int):
    """A cohort's assignments with how many of its learners passed and tried each."""
    cohort = orgs.get_cohort_for(g.api_user, cohort_id)
    return jsonify([assignment_json(row) for row in assignments.cohort_assignments(cohort)])


@bp.get("/cohorts/<int:cohort_id>/progress")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def cohort_progress(cohort_id: int):
    """Each learner's lessons, assigned tasks and last activity (see reports.LearnerProgress)."""
    cohort = orgs.get_cohort_for(g.api_user, cohort_id)
    return jsonify({"learners": [
        {"username": p.username, "lessons_done": p.lessons_done, "lessons_total": p.lessons_total,
         "tasks_passed": p.tasks_passed, "tasks_assigned": p.tasks_assigned, "overdue": p.overdue,
         "last_active": p.last_active.strftime("%Y-%m-%dT%H:%M:%SZ") if p.last_active else None}
        for p in reports.cohort_progress(cohort)]})


@bp.post("/tasks/<int:task_id>/submissions")
@api_auth(Role.LEARNER)
def create_submission(task_id: int):
    """Submit work: JSON with the kind's fields (copy {"title"?, "body"}, reply {"reply"},
    livestream {"text"}) or multipart with an `audio` file (and optional "version"). The
    Idempotency-Key header makes a retry return the first submission. 202 {"id", "status"}."""
    task = submissions.get_task(task_id)
    audio, version_id = None, None
    if request.mimetype == "multipart/form-data":
        fields = {k: v for k, v in request.form.items()}
        upload = request.files.get("audio")
        if upload is not None:
            audio = submissions.Upload(upload.read(), upload.mimetype or "")
        version_id = request.form.get("version", type=db_id)
    else:
        fields = json_body()
        version = fields.pop("version", None)
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                    or not 0 < version <= ID_MAX):
            raise Invalid(_l("Send version as a number."), code="bad_request")
        version_id = version
    key = request.headers.get("Idempotency-Key", "").strip()
    attempt, _created = submissions.do_submit(g.api_user, task, fields, audio, key, version_id)
    return jsonify({"id": attempt.id, "status": attempt.status}), 202


@bp.get("/submissions/<int:attempt_id>")
@api_auth(Role.LEARNER)
def get_submission(attempt_id: int):
    """One of the caller's submissions: status, attempt number, critique, transcript."""
    attempt = submissions.get_own(g.api_user, attempt_id)
    return jsonify(submissions.attempt_json(attempt, submissions.attempt_number(attempt),
                                            submissions.feedback_delayed(attempt, queue_alive())))


@bp.get("/tasks/<int:task_id>/submissions")
@api_auth(Role.LEARNER)
def task_submissions(task_id: int):
    """The caller's own submissions for a task, newest first."""
    task = submissions.get_task(task_id)
    rows = submissions.submissions_for(g.api_user, task)
    alive = queue_alive() if any(a.is_pending for a in rows) else True
    return jsonify([submissions.attempt_json(a, n, submissions.feedback_delayed(a, alive))
                    for n, a in reversed(list(enumerate(rows, start=1)))])


@bp.get("/reviews")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def review_queue():
    """The submissions waiting for the caller's review, the learners' own requests first."""
    return jsonify([{"submission_id": a.id, "username": a.user.login_name, "task_id": a.task_version.task_id,
                     "reason": reviews.why(a), "created_at": a.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
                    for a in reviews.queue_for(g.api_user)])


@bp.post("/submissions/<int:attempt_id>/review")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def review_submission(attempt_id: int):
    """A comment, optionally a new score and verdict with a reason; kept in the audit log. The
    Idempotency-Key header makes a retry one review (else every call is a new one)."""
    attempt = reviews.get_for_review(g.api_user, attempt_id)
    data = json_body()
    decision = reviews.clean_decision(data.get("comment"), data.get("score"), data.get("passed"), data.get("reason"))
    key = request.headers.get("Idempotency-Key", "").strip() or uuid.uuid4().hex
    review, created = reviews.do_review(g.api_user, attempt, decision, key)
    return jsonify({"id": review.id, "submission_id": attempt.id, "score": review.score_after,
                    "passed": review.passed_after, "score_before": review.score_before,
                    "passed_before": review.passed_before, "reason": review.reason,
                    "comment": review.comment, "created": created}), 201 if created else 200


@bp.post("/cohorts/<int:cohort_id>/roster")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def import_roster(cohort_id: int):
    """Import a class list: multipart `file` (CSV), `?dry_run=1` to only check it. 200 with
    {"created", "errors"}; any error creates nobody. A file that is no class list at all (empty,
    not text, no name column, too big, too many rows) is a 400 error."""
    cohort = orgs.get_cohort_for(g.api_user, cohort_id)
    upload = request.files.get("file")
    if upload is None:
        raise Invalid(_l("Send the class list as a multipart file named “file”."), code="bad_request")
    dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
    result = roster.do_import(g.api_user, cohort, roster.read_upload(upload.stream), dry_run=dry_run)
    return jsonify(roster.result_json(result, dry_run=dry_run))


@bp.get("/cohorts/<int:cohort_id>/gradebook")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def cohort_gradebook(cohort_id: int):
    """Learners × tasks with best score, graded attempts, passed and overdue (see
    gradebook.Cell); `?format=csv` sends the same as a CSV file for Excel."""
    cohort = orgs.get_cohort_for(g.api_user, cohort_id)
    wanted = request.args.get("format", "json")
    if wanted not in ("json", "csv"):
        raise Invalid(_l("Ask for format=json or format=csv."), code="bad_request")
    book = gradebook.cohort_gradebook(cohort)
    if wanted == "csv":
        return Response(gradebook.gradebook_csv(book), mimetype="text/csv",
                        headers={"Content-Disposition": gradebook.csv_disposition(book)})
    return jsonify(gradebook.gradebook_json(book))
