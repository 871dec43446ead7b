"""Page surfaces: blueprint registration, error pages and the template context."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms import permissions
from lms.services.errors import DomainError

ERROR_TEXT = {
    400: _l("The request could not be understood."),
    403: _l("You do not have permission to open this page."),
    404: _l("This page does not exist or you cannot see it."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Your saved work is safe; please try again."),
}


def _wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def render_error(status: int, message=None):
    return render_template("error.html", status=status, message=message or ERROR_TEXT.get(status)), status


def init_app(app: Flask) -> None:
    from lms.admin import bp as admin_bp
    from lms.api import bp as api_bp
    from lms.auth import bp as auth_bp
    from lms.cohorts import bp as cohorts_bp
    from lms.learn import bp as learn_bp
    from lms.main import bp as main_bp
    from lms.mentor import bp as mentor_bp
    from lms.school import bp as school_bp

    for bp in (main_bp, auth_bp, learn_bp, mentor_bp, school_bp, admin_bp, cohorts_bp, api_bp):
        app.register_blueprint(bp)

    @app.context_processor
    def _context():
        return {"current_locale": str(get_locale()), "permissions": permissions}

    @app.errorhandler(CSRFError)
    def _csrf(error):
        if _wants_json():
            return api_error(400, "csrf", _l("The form expired. Please reload the page and try again."))
        flash(_l("The form expired. Please try again — nothing you saved was lost."), "error")
        return redirect(request.referrer or url_for("main.index")), 303

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error):
        if _wants_json():
            return api_error(429, "rate_limited", ERROR_TEXT[429])
        return render_error(429)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        if _wants_json():
            return api_error(error.status, error.code, error.message, error.details)
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if _wants_json():
            return api_error(error.code or 500, f"http_{error.code}", ERROR_TEXT.get(error.code, error.description))
        return render_error(error.code or 500)


def api_error(status: int, code: str, message, details: dict | None = None):
    from flask import jsonify

    return jsonify({"error": {**(details or {}), "code": code, "message": str(message)}}), status


def home_url() -> str:
    if current_user.is_authenticated:
        return url_for(permissions.home_endpoint(current_user))
    return url_for("auth.login")
