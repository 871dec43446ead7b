"""Sign-in cards: a QR code that opens the sign-in page with the learner's name filled in, and
the hand-over of a freshly made one-time password from the POST that made it to the page that
prints it (Post/Redirect/Get, so a reload never makes another password).

Between the two, the password travels only in the session cookie, encrypted and authenticated
with Fernet (the `cryptography` package) under a key derived from SECRET_KEY: nothing is stored
on the server and the browser never holds it in clear. The card page shows it again on
a reload for CARD_MINUTES, and only while it is still the account's unused one-time password and
the same staff member asks; after that the page says a password is shown only once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import segno
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session, url_for
from flask_login import current_user
from markupsafe import Markup

from lms.clock import utcnow
from lms.models import User
from lms.staff.blueprint import bp

CARD_MINUTES = 10
_SESSION_KEY = "cards"
_KEEP = 5           # cards kept at once (the cookie stays small)


@bp.app_template_global()
def signin_url(login_name: str) -> str:
    """The sign-in page with this login name filled in (what the card's QR code opens)."""
    return url_for("auth.login", u=login_name, _external=True)


@bp.app_template_global()
def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (no script, no style attribute: fine under the CSP)."""
    svg = segno.make(text, error="m").svg_inline(border=2, svgclass="qr", omitsize=True, title=None)
    return Markup(svg)


# ---- one password, from the POST that made it to the page that prints it ---------------------

def keep_card(user: User, otp: str) -> None:
    """Remember `otp` for `user`'s card page, for the signed-in staff member, for CARD_MINUTES."""
    payload = {"u": user.id, "by": current_user.id, "p": otp, "h": _fingerprint(user), "t": _now()}
    cards = {k: v for k, v in session.get(_SESSION_KEY, {}).items() if k != str(user.id)}
    cards = dict(list(cards.items())[-(_KEEP - 1):])
    cards[str(user.id)] = _seal(json.dumps(payload, separators=(",", ":")).encode())
    session[_SESSION_KEY] = cards


def kept_card(user: User) -> str | None:
    """The one-time password made for `user`'s card a moment ago, or None once it may no longer
    be shown: older than CARD_MINUTES, used or replaced since, or asked for by someone else."""
    cards = session.get(_SESSION_KEY, {})
    token = cards.get(str(user.id)) if isinstance(cards, dict) else None
    payload = _unseal(token) if isinstance(token, str) else None
    if payload is not None and _still_shown(payload, user):
        return payload["p"]
    if token is not None:   # stale: forget it
        session[_SESSION_KEY] = {k: v for k, v in cards.items() if k != str(user.id)}
    return None


def _still_shown(payload: dict, user: User) -> bool:
    return (payload.get("u") == user.id and payload.get("by") == current_user.id
            and isinstance(payload.get("p"), str)
            and isinstance(payload.get("t"), int) and 0 <= _now() - payload["t"] < CARD_MINUTES * 60
            and user.must_change_password and user.one_time_used_at is None
            and hmac.compare_digest(str(payload.get("h", "")), _fingerprint(user)))


def _now() -> int:
    return int(utcnow().timestamp())


def _fingerprint(user: User) -> str:
    """Changes whenever the account's password does (the hash is salted anew each time)."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def _fernet() -> Fernet:
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else bytes(secret)
    key = hmac.new(secret, b"lms sign-in card", hashlib.sha256).digest()  # its own key, not SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(data: bytes) -> str:
    return _fernet().encrypt(data).decode()


def _unseal(token: str) -> dict | None:
    try:
        payload = json.loads(_fernet().decrypt(token.encode(), ttl=CARD_MINUTES * 60))
    except (InvalidToken, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
