"""View helpers that apply the permission predicates: role checks and each role's home."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, url_for
from flask_login import current_user, login_required

from lms import permissions
from lms.models import Role


def role_required(*roles: Role):
    """Signed-in users of other roles get 403; anonymous users go to sign-in."""
    allowed = {r.value for r in roles}

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def home_url() -> str:
    """Where the current user lands: their role's home, or sign-in."""
    if current_user.is_authenticated:
        return url_for(permissions.home_endpoint(current_user))
    return url_for("auth.login")


def init_app(app: Flask) -> None:
    """Templates may ask the predicates (`permissions.can_…`), never run queries."""
    app.jinja_env.globals["permissions"] = permissions
