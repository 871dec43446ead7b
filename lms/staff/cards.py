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
import binascii
import json
from functools import lru_cache

import segno
from flask import session, url_for
from flask_login import current_user
from markupsafe import Markup

from lms.clock import utcnow
from lms.models import RosterImport, User
from lms.sealing import seal, unseal
from lms.services import accounts, roster_imports
from lms.staff.blueprint import bp

CARD_MINUTES = 10
# A whole class's sheet: long enough to print, cut and hand out 500 cards, short enough that a
# forgotten open browser does not keep showing them.
IMPORT_CARD_MINUTES = int(roster_imports.CARD_WINDOW.total_seconds() // 60)
_SESSION_KEY = "cards"
_IMPORTS_KEY = "roster_keys"
_KEEP = 5           # cards kept at once (the cookie stays small)
_KEEP_IMPORTS = 3
_PURPOSE = b"lms sign-in card"


@bp.app_template_global()
def signin_url(login_name: str) -> str:
    """The sign-in page with this login name filled in (what the card's QR code opens)."""
    return url_for("auth.login", u=login_name, _external=True)


@bp.app_template_global()
@lru_cache(maxsize=1024)
def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (no script, no style attribute: fine under the CSP); the same text
    (a group's join link, a learner's sign-in link) is drawn once per process."""
    svg = segno.make(text, error="m").svg_inline(border=2, svgclass="qr", omitsize=True, title=None)
    return Markup(svg)


# ---- one password, from the POST that made it to the page that prints it ---------------------

def keep_card(user: User, otp: str) -> None:
    """Remember `otp` for `user`'s card page, for the signed-in staff member, for CARD_MINUTES."""
    payload = {"u": user.id, "by": current_user.id, "p": otp, "h": accounts.password_fingerprint(user), "t": _now()}
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
            and accounts.one_time_password_unchanged(user, payload.get("h", "")))


def _now() -> int:
    return int(utcnow().timestamp())


def _seal(data: bytes) -> str:
    return seal(data, _PURPOSE)


def _unseal(token: str, ttl: int = CARD_MINUTES * 60) -> dict | None:
    data = unseal(token, _PURPOSE, ttl)
    try:
        payload = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


# ---- a class list's key, from the confirm that made it to the sheet of cards ------------------

def keep_import_key(roster_import: RosterImport, key: bytes) -> None:
    """Remember the key the import's one-time passwords are derived from, for the signed-in
    staff member, for IMPORT_CARD_MINUTES (sealed like a card; the server keeps no copy)."""
    payload = {"i": roster_import.id, "c": roster_imports.stamp(roster_import), "by": current_user.id,
               "k": base64.b64encode(key).decode(), "t": _now()}
    kept = {k: v for k, v in session.get(_IMPORTS_KEY, {}).items() if k != str(roster_import.id)}
    kept = dict(list(kept.items())[-(_KEEP_IMPORTS - 1):])
    kept[str(roster_import.id)] = _seal(json.dumps(payload, separators=(",", ":")).encode())
    session[_IMPORTS_KEY] = kept


def kept_import_key(roster_import: RosterImport) -> bytes | None:
    """The import's key if this browser's session holds it for this staff member and the window
    is not over; None otherwise (and a stale one is forgotten)."""
    kept = session.get(_IMPORTS_KEY, {})
    token = kept.get(str(roster_import.id)) if isinstance(kept, dict) else None
    payload = _unseal(token, IMPORT_CARD_MINUTES * 60) if isinstance(token, str) else None
    if (payload is not None and payload.get("i") == roster_import.id and payload.get("by") == current_user.id
            and payload.get("c") == roster_imports.stamp(roster_import)
            and isinstance(payload.get("t"), int) and 0 <= _now() - payload["t"] < IMPORT_CARD_MINUTES * 60):
        try:
            return base64.b64decode(payload["k"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            pass
    if token is not None:
        session[_IMPORTS_KEY] = {k: v for k, v in kept.items() if k != str(roster_import.id)}
    return None
