"""View helpers that apply the permission predicates: role checks and each role's home."""

from __future__ import annotations

from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, request, url_for
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


TARGET_MAX_CHARS = 2000


def _plain_path_text(target) -> bool:
    """Bounded, and neither the text nor its percent-decoding holds a backslash or a control
    character (a proxy or an older browser may decode `%09` before it reads the path)."""
    if not isinstance(target, str) or not 0 < len(target) <= TARGET_MAX_CHARS:
        return False
    return not any("\\" in text or any(ord(ch) < 32 or ord(ch) == 127 for ch in text)
                   for text in (target, unquote(target)))


def safe_target(target: str | None, fallback: str | None = None) -> str:
    """A redirect target that stays on this site, else `fallback` (the user's home).

    SPEC §5 decision: every redirect taken from the request (`next`, the referrer) goes
    through here. Only a path on this site is kept: no scheme or host (`https:evil.com`,
    `//evil.com`), no backslash (browsers read `/\\evil.com` as `//evil.com`), no control
    characters (the tab in `/%09/evil.com` is dropped by browsers; CR/LF would split the
    header), and a bounded length. A full URL naming this host is reduced to its path."""
    if not _plain_path_text(target):
        return fallback or home_url()
    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.netloc == request.host:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        parts = urlsplit(target)
    if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return fallback or home_url()


def init_app(app: Flask) -> None:
    """Templates may ask the predicates (`permissions.can_…`), never run queries."""
    app.jinja_env.globals["permissions"] = permissions
