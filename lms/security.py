"""Sign-in plumbing: Flask-Login loaders, forced password change, activity stamps."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, flash, get_flashed_messages, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user

from lms.clock import utcnow
from lms.extensions import NO_SESSION_ENDPOINTS, db, login_manager
from lms.models import User
from lms.services import accounts

ACTIVITY_RESOLUTION = timedelta(minutes=5)
# Endpoints a user who must change a one-time password may still reach.
_OPEN_WHEN_PASSWORD_DUE = {"auth.change_password", "auth.logout", "static", "assets.asset",
                           "main.set_language", "main.healthz"}


ISSUED = "_issued"


def _keep(session, lifetime: timedelta) -> None:
    """A session lives `PERMANENT_SESSION_LIFETIME` after it was last re-issued. Re-issuing on
    every response (Flask's default) re-signs the cookie and sends `Set-Cookie` each time; here
    the cookie is sent when the session changed, or when a tenth of its lifetime has passed, so
    an active learner stays signed in and an idle one is signed out as before."""
    if not session.permanent:
        session.permanent = True
    now = int(time.time())
    if now - session.get(ISSUED, 0) > lifetime.total_seconds() / 10:
        session[ISSUED] = now


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Cookies carry `id:session key`; only a session still open on the server signs in, so
    sign-out and a password change end copied session and remember-me cookies too."""
    return accounts.user_for_session(user_id)


def _plain_text(value):
    """Jinja finalize: a lazy translation is plain text, never safe HTML.

    flask-babel's LazyString has `__html__`, so `_l("… %(name)s", name=hostile)` would be
    output unescaped (SPEC §5: learner text is escaped everywhere, flash messages included)."""
    return str(value) if isinstance(value, LazyString) else value


def plain_flashed_messages(with_categories: bool = False, category_filter=()):
    """Flashed messages as plain text: after the session round-trip a lazy string comes back
    as Markup, so every message is shown escaped; no message may carry HTML."""
    messages = get_flashed_messages(with_categories=with_categories, category_filter=category_filter)
    if with_categories:
        return [(category, str(message)) for category, message in messages]
    return [str(message) for message in messages]


def init_app(app: Flask) -> None:
    app.jinja_env.finalize = _plain_text
    app.jinja_env.globals["get_flashed_messages"] = plain_flashed_messages
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"  # phones change IP address all the time

    @app.before_request
    def _keep_session_and_force_password_change():
        if request.endpoint in NO_SESSION_ENDPOINTS or request.blueprint == "api" \
                or not current_user.is_authenticated:
            return None
        now = utcnow()
        if not current_user.last_active_at or now - current_user.last_active_at > ACTIVITY_RESOLUTION:
            current_user.last_active_at = now
            db.session.commit()
        if current_user.must_change_password and request.endpoint not in _OPEN_WHEN_PASSWORD_DUE:
            flash(_l("Please choose your own password before you go on."), "info")
            return redirect(url_for("auth.change_password"))
        return None

    @app.after_request
    def _keep_session(response):
        # static files and the health check never touch the session: no cookie, no
        # `Vary: Cookie`, so any cache may share them
        if request.endpoint not in NO_SESSION_ENDPOINTS and session:
            _keep(session, app.permanent_session_lifetime)
        return response
