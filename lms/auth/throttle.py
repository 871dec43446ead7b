"""Sign-in throttles: per address, and per name typed with a device exemption for its owner.

Guessing a password is slowed, never answered with a lock: failures for one name (from any
address) are limited like a backoff (`LOGIN_LIMIT_PER_ACCOUNT`), and the key is the name as
typed, so unknown and existing names are throttled alike and the throttle reveals nothing.
A browser that has signed in to the account before carries a signed device cookie naming it,
and is exempt from that per-name limit (still under the per-address one): an attacker's
guesses cannot keep the owner off their own phone (OWASP "device cookies")."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from lms.services import accounts
from lms.services.errors import Invalid

DEVICE_COOKIE = "lms_device"
DEVICE_TAGS_MAX = 10  # names remembered per device: a shared family phone, username and mobile


def login_key(typed: object) -> str:
    """The name as the account lookup reads it: a mobile number in one form, else lower case."""
    text = typed.strip() if isinstance(typed, str) else ""
    try:
        return accounts.normalise_phone(text)
    except Invalid:
        return text.lower()[:60]


def _typed_name() -> str:
    if request.is_json:
        data = request.get_json(silent=True)
        return login_key(data.get("username") if isinstance(data, dict) else "")
    return login_key(request.form.get("login"))


def account_key() -> str:
    return "login-name:" + _typed_name()


def address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def join_limit() -> str:
    """Join-code tries per signed-in learner, whatever their address (codes are guessable)."""
    return current_app.config["JOIN_LIMIT_PER_USER"]


def user_key() -> str:
    return f"join-user:{current_user.id if current_user.is_authenticated else request.remote_addr}"


def failed(response) -> bool:
    """Only refused sign-ins count against a name (a success is a 303 or a 201)."""
    return response.status_code >= 400


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="lms-device")


def _tag(name: str) -> str:
    return hmac.new(current_app.secret_key.encode(), name.encode(), hashlib.sha256).hexdigest()[:24]


def _device_tags() -> list[str]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        tags = _serializer().loads(raw)
    except BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)][:DEVICE_TAGS_MAX] if isinstance(tags, list) else []


def known_device() -> bool:
    """`exempt_when` for the per-name limit: this browser signed in to this name before."""
    name = _typed_name()
    return bool(name) and _tag(name) in _device_tags()


def remember_device(response, user) -> None:
    """After a sign-in: remember the account's names on this browser for a year."""
    names = [login_key(n) for n in (user.username, user.phone) if n]
    tags = [_tag(n) for n in names]
    tags += [t for t in _device_tags() if t not in tags]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(tags[:DEVICE_TAGS_MAX]),
                        max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
