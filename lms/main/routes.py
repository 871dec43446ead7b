"""Landing redirect, language switch and health check."""

from flask import Blueprint, current_app, jsonify, make_response, redirect, request
from flask_login import current_user
from sqlalchemy import text

from lms.access import home_url, safe_target
from lms.extensions import csrf, db
from lms.i18n import LANG_COOKIE
from lms.queue import queue_alive
from lms.services import accounts

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return redirect(home_url())


@bp.post("/lang")
def set_language():
    """Switch language; remembered on the account and in a cookie."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated:
        accounts.set_locale(current_user, lang)
    target = safe_target(request.form.get("next") or request.referrer, fallback="/")
    response = make_response(redirect(target, code=303))
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/healthz")
@csrf.exempt
def healthz():
    """Report db and queue honestly: queue is down when no worker heartbeat is fresh."""
    try:
        db.session.execute(text("SELECT 1"))
        db_state = "ok"
    except Exception:  # noqa: BLE001
        db.session.rollback()
        db_state = "down"
    try:
        queue_state = "ok" if db_state == "ok" and queue_alive() else "down"
    except Exception:  # noqa: BLE001
        db.session.rollback()
        queue_state = "down"
    status = "ok" if db_state == "ok" else "error"
    response = jsonify({"status": status, "db": db_state, "queue": queue_state})
    response.headers["Cache-Control"] = "no-store"
    return response, (200 if db_state == "ok" else 503)
