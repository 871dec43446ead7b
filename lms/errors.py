"""Error pages and JSON errors: one renderer per surface for HTTP and domain errors."""

from __future__ import annotations

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.access import safe_target
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


def wants_json() -> bool:
    """API callers get JSON errors; everyone else an error page."""
    return request.blueprint == "api" or request.path.startswith("/api/")


def render_error(status: int, message=None):
    return render_template("error.html", status=status, message=message or ERROR_TEXT.get(status)), status


def api_error(status: int, code: str, message, details: dict | None = None):
    return jsonify({"error": {**(details or {}), "code": code, "message": str(message)}}), status


def init_app(app: Flask) -> None:
    """Register the handlers that turn errors into pages or JSON."""

    @app.errorhandler(CSRFError)
    def _csrf(error):
        if wants_json():
            return api_error(400, "csrf", _l("The form expired. Please reload the page and try again."))
        flash(_l("The form expired. Please try again — nothing you saved was lost."), "error")
        return redirect(safe_target(request.referrer)), 303

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error):
        if wants_json():
            return api_error(429, "rate_limited", ERROR_TEXT[429])
        return render_error(429)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        if wants_json():
            return api_error(error.status, error.code, error.message, error.details)
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if wants_json():
            return api_error(error.code or 500, f"http_{error.code}", ERROR_TEXT.get(error.code, error.description))
        return render_error(error.code or 500)
