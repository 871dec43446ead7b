"""API authentication: a bearer token, or the browser session plus a CSRF header."""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.extensions import csrf
from lms.models import Role
from lms.services import accounts
from lms.services.errors import DomainError, Forbidden


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def api_user():
    """The caller, from a bearer token or the signed-in session; raises Unauthorized."""
    token = bearer_token()
    if token is not None:
        user = accounts.user_for_api_token(token)
        if user is None:
            raise Unauthorized(_l("The token is invalid or has expired. Please sign in again."))
    elif current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()  # session cookies need the CSRF header for writes
        user = current_user._get_current_object()
    else:
        raise Unauthorized(_l("Please sign in: send Authorization: Bearer <token>."))
    if user.must_change_password:  # the forced change cannot be skipped through the API
        raise Forbidden(accounts.PASSWORD_CHANGE_REQUIRED, code="password_change_required")
    return user


def api_auth(*roles: Role):
    """Require an API caller, optionally of given roles (403 otherwise)."""
    allowed = {r.value for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.api_user = api_user()
            if allowed and g.api_user.role not in allowed:
                raise Forbidden(_l("Your role cannot use this endpoint."))
            return view(*args, **kwargs)

        return wrapped

    return decorator
