"""JSON API v1: tokens, the caller, cohorts."""

from flask import current_app, g, jsonify, request
from flask_babel import lazy_gettext as _l

from lms.api import bp
from lms.api.auth import api_auth
from lms.extensions import csrf, limiter
from lms.models import Role
from lms.services import accounts, orgs
from lms.services.errors import Invalid

csrf.exempt(bp)  # writes with a session cookie are CSRF-checked in api_auth instead


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


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
        "cohorts": [{"id": m.cohort_id, "name": m.cohort.name, "role": m.role} for m in user.memberships],
    }


@bp.post("/tokens")
@limiter.limit(_login_limit)
def create_token():
    data = json_body()
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise Invalid(_l("Send username and password as strings."), code="bad_request")
    user = accounts.authenticate(username, password)
    token = accounts.issue_api_token(user)
    return jsonify({"token": token, "role": user.role}), 201


@bp.get("/me")
@api_auth()
def me():
    return jsonify(user_json(g.api_user))


@bp.get("/cohorts")
@api_auth(Role.MENTOR, Role.TEACHER, Role.ADMIN)
def cohorts():
    items = orgs.cohorts_for(g.api_user)
    counts = orgs.learner_counts([c.id for c in items])
    return jsonify([
        {"id": c.id, "name": c.name, "org": c.org.name, "kind": c.org.kind, "join_code": c.join_code,
         "is_open": c.is_open, "learners": counts.get(c.id, 0), "capacity": c.capacity}
        for c in items
    ])


@bp.get("/tasks")
@api_auth(Role.LEARNER)
def tasks():
    """The learner's tasks; due_at stays null until assignments exist."""
    from lms.services.progress import learner_tasks

    return jsonify([
        {"id": t.id, "slug": t.slug, "kind": t.kind, "title": t.title,
         "track": t.course.track.slug, "course": t.course.slug, "due_at": None}
        for t in learner_tasks(g.api_user)
    ])
