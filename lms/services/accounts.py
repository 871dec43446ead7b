"""Accounts: creating people, signing in, passwords and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from lms.clock import utcnow
from lms.extensions import db
from lms.models import ApiToken, Role, User, UserSession
from lms.services.errors import AuthFailed, Conflict, Forbidden, Invalid

USERNAME_RE = re.compile(r"^[a-z][a-z0-9_]{2,29}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PASSWORD_MIN, PASSWORD_MAX = 6, 128
DISPLAY_NAME_MAX = 30
# A dummy hash so unknown usernames cost the same time as wrong passwords.
_DUMMY_HASH = None


def normalise_phone(raw: str) -> str:
    """Return an 11-digit mainland mobile number or raise Invalid."""
    digits = re.sub(r"[\s\-()（）]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not MOBILE_RE.fullmatch(digits):
        raise Invalid(_l("Please enter an 11-digit mobile number, e.g. 13800138000."), field="phone")
    return digits


def check_username(raw: str) -> str:
    """Return a lower-case username or raise Invalid."""
    name = (raw or "").strip().lower()
    if not USERNAME_RE.fullmatch(name):
        raise Invalid(
            _l("Username: 3–30 letters, digits or _, starting with a letter."), field="username"
        )
    return name


def check_password(raw: str) -> str:
    if not raw or len(raw) < PASSWORD_MIN:
        raise Invalid(_l("Password must be at least %(n)s characters.", n=PASSWORD_MIN), field="password")
    if len(raw) > PASSWORD_MAX:
        raise Invalid(_l("Password is too long (at most %(n)s characters).", n=PASSWORD_MAX), field="password")
    return raw


def check_display_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise Invalid(_l("Please enter a name."), field="display_name")
    if len(name) > DISPLAY_NAME_MAX:
        raise Invalid(_l("Name is too long (at most %(n)s characters).", n=DISPLAY_NAME_MAX), field="display_name")
    return name


def _hash(password: str) -> str:
    """scrypt by default (PASSWORD_HASH_METHOD); tests use cheaper scrypt parameters."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


HASH_THREADS = 2


def hash_passwords(passwords: list[str], threads: int = HASH_THREADS) -> list[str]:
    """Hash many passwords at once, on `threads` threads (scrypt releases the GIL): a class
    list's hashing takes about a third less time on two cores, and happens before any database
    write, so the import's transaction stays short."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if threads <= 1 or len(passwords) < 2:
        return [generate_password_hash(p, method=method) for p in passwords]
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="hash") as pool:
        return list(pool.map(lambda p: generate_password_hash(p, method=method), passwords))


def find_by_login(login: str) -> User | None:
    """Look a user up by username or phone number, as typed on the sign-in form."""
    text = (login or "").strip()
    if not text:
        return None
    phone = None
    try:
        phone = normalise_phone(text)
    except Invalid:
        pass
    clauses = [func.lower(User.username) == text.lower()]
    if phone:
        clauses.append(User.phone == phone)
    return db.session.scalar(select(User).where(or_(*clauses)))


def do_create_user(
    *,
    display_name: str,
    password: str,
    role: Role = Role.LEARNER,
    username: str | None = None,
    phone: str | None = None,
    org_id: int | None = None,
    created_by: User | None = None,
    must_change_password: bool = False,
    commit: bool = True,
    password_hash: str | None = None,
) -> User:
    """Create an account after validating every field; username or phone is required.
    `password_hash`: the password's hash when the caller made it already (hash_passwords)."""
    username = check_username(username) if username else None
    phone = normalise_phone(phone) if phone else None
    if not username and not phone:
        raise Invalid(_l("Enter a username or a mobile number."), field="username")
    display_name = check_display_name(display_name)
    password = check_password(password)
    # Whether a name is taken is said only once everything else is valid, so the form cannot be
    # used to probe for accounts with junk in the other fields (registration is throttled too).
    if username and db.session.scalar(select(User.id).where(func.lower(User.username) == username)):
        raise Conflict(_l("This username is taken. Please choose another."), field="username")
    if phone and db.session.scalar(select(User.id).where(User.phone == phone)):
        raise Conflict(_l("This mobile number is already registered. Try signing in."), field="phone")
    user = User(
        username=username,
        phone=phone,
        display_name=display_name,
        password_hash=password_hash or _hash(password),
        role=Role(role).value,
        org_id=org_id,
        created_by_id=created_by.id if created_by else None,
    )
    if must_change_password:
        _one_time(user)
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user


def authenticate(login: str, password: str, *, for_api: bool = False, now: datetime | None = None) -> User:
    """Check credentials; raise AuthFailed with the reason (or Forbidden for the API while a
    one-time password is still to be changed).

    Unknown names cost one password hash like known ones, and get the same reply. Guessing is
    slowed by the throttles in front of this (per address, per name typed), not by locking the
    account, so its owner is never locked out by someone else's guesses (SPEC §5 decision).
    A one-time password works once, before its expiry; the API refuses it outright, so the
    forced change cannot be skipped by minting a token."""
    global _DUMMY_HASH
    now = now or utcnow()
    user = find_by_login(login)
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or _hash("x" * 12)
        check_password_hash(_DUMMY_HASH, password or "")
        raise AuthFailed(_l("Wrong username/mobile number or password."))
    if not check_password_hash(user.password_hash, password or ""):
        raise AuthFailed(_l("Wrong username/mobile number or password."))
    if not user.is_active_account:
        raise AuthFailed(_l("This account is disabled. Please contact your mentor."), code="disabled")
    if user.must_change_password:
        if for_api:
            raise Forbidden(PASSWORD_CHANGE_REQUIRED, code="password_change_required")
        if user.one_time_used_at is not None:
            raise AuthFailed(_l("This one-time password has already been used. Sign in with the password "
                                "you chose, or ask your mentor for a new card."), code="one_time_used")
        if user.one_time_expires_at is None or user.one_time_expires_at <= now:
            raise AuthFailed(_l("This one-time password has expired. Please ask your mentor for a new card."),
                             code="one_time_expired")
        user.one_time_used_at = now
    user.last_active_at = now
    db.session.commit()
    return user


PASSWORD_CHANGE_REQUIRED = _l("Please sign in on the website and choose your own password first.")


def _one_time(user: User) -> None:
    """Mark the account's password as a one-time password, valid for LMS_ONE_TIME_PASSWORD_DAYS."""
    user.must_change_password = True
    user.one_time_used_at = None
    user.one_time_expires_at = utcnow() + timedelta(days=current_app.config["ONE_TIME_PASSWORD_DAYS"])


def _session_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User) -> str:
    """Open a server-side session for a sign-in; the key goes into the cookies (`get_id`)."""
    key = secrets.token_urlsafe(24)
    lifetime = max(current_app.config["REMEMBER_COOKIE_DURATION"], current_app.config["PERMANENT_SESSION_LIFETIME"])
    db.session.add(UserSession(user_id=user.id, key_hash=_session_hash(key), expires_at=utcnow() + lifetime))
    db.session.commit()
    user.session_key = key
    return key


@cache
def _session_user_statement():
    """Built once; it runs on every signed-in request."""
    return (select(User).join(UserSession, UserSession.user_id == User.id)
            .where(User.id == bindparam("uid"), UserSession.key_hash == bindparam("key_hash"),
                   UserSession.expires_at > bindparam("now")))


def user_for_session(user_id: str) -> User | None:
    """The active user whose open session a cookie names (`id:key`), or None."""
    uid, _, key = (user_id or "").partition(":")
    if not uid.isdigit() or not key or len(key) > 64:
        return None
    user = db.session.scalar(_session_user_statement(),
                             {"uid": int(uid), "key_hash": _session_hash(key), "now": utcnow()})
    if user is None or not user.is_active_account:
        return None
    user.session_key = key
    return user


def end_session(user: User) -> None:
    """Sign-out: the session the request came with stops working, wherever its cookies went."""
    if user.session_key:
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                     UserSession.key_hash == _session_hash(user.session_key)))
        db.session.commit()
    user.session_key = None


def _end_other_sessions(user: User) -> None:
    keep = _session_hash(user.session_key) if user.session_key else ""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.key_hash != keep))


def do_change_password(user: User, current: str, new: str) -> None:
    """Change a password (the current one must be right) and end other sessions."""
    if not check_password_hash(user.password_hash, current or ""):
        raise Invalid(_l("Your current password is not right."), field="current")
    if current == new:
        raise Invalid(_l("The new password must differ from the current one."), field="new")
    _set_own_password(user, new)


def _set_own_password(user: User, new: str) -> None:
    """The account's own password from now on: no forced change, other sessions and older API
    tokens end."""
    user.password_hash = _hash(check_password(new))
    user.must_change_password = False
    user.one_time_expires_at = user.one_time_used_at = None
    user.session_version += 1  # API tokens issued before the change stop working
    _end_other_sessions(user)
    db.session.commit()


def signed_in_with_card(user: User) -> bool:
    """Whether the account signed in with its one-time password and has not chosen its own yet
    (the card's password is used up: only a new one can be set)."""
    return bool(user.must_change_password and user.one_time_used_at is not None)


def do_set_first_password(user: User, new: str) -> None:
    """Set the password of an account that just signed in with its card (signed_in_with_card),
    without asking for the card's password again; the new one must differ from it."""
    if not signed_in_with_card(user):
        raise Invalid(_l("Your current password is not right."), field="new")
    if check_password_hash(user.password_hash, new or ""):
        raise Invalid(_l("The new password must differ from the current one."), field="new")
    _set_own_password(user, new)


def password_fingerprint(user: User) -> str:
    """Changes whenever the account's password does (the hash is salted anew each time); not
    a secret: it only tells whether a card shown earlier still has the account's password."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def one_time_password_unchanged(user: User, fingerprint: str) -> bool:
    """Whether the one-time password a card was made with (its hash's `fingerprint`) is still
    the account's password, unused, to be changed at the first sign-in."""
    return (user.must_change_password and user.one_time_used_at is None
            and hmac.compare_digest(str(fingerprint), password_fingerprint(user)))


ONE_TIME_ALPHABET, ONE_TIME_LENGTH = "23456789", 8


def make_one_time_password() -> str:
    """Eight digits: easy to read from a card and type on a phone keypad."""
    return "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))


def do_reset_password(user: User) -> str:
    """Give an account a new one-time password (returned once, never stored in clear)."""
    otp = make_one_time_password()
    user.password_hash = _hash(otp)
    _one_time(user)
    user.session_version += 1
    user.session_key = None
    _end_other_sessions(user)
    db.session.commit()
    return otp


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(user: User) -> tuple[str, datetime]:
    """Create a bearer token for the API; the raw value is returned once, with its expiry."""
    raw = secrets.token_urlsafe(32)
    expires_at = (utcnow() + timedelta(days=current_app.config["API_TOKEN_DAYS"])).replace(microsecond=0)
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash_token(raw), expires_at=expires_at,
                            session_version=user.session_version))
    db.session.commit()
    return raw, expires_at


def revoke_api_token(raw: str | None) -> bool:
    """Delete the token with this value; False when there is none."""
    if not raw or len(raw) > 200:
        return False
    gone = db.session.execute(delete(ApiToken).where(ApiToken.token_hash == _hash_token(raw))).rowcount
    db.session.commit()
    return bool(gone)


def user_for_api_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown, expired or revoked."""
    if not raw or len(raw) > 200:
        return None
    row = db.session.execute(
        select(User, ApiToken.expires_at, ApiToken.session_version).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _hash_token(raw))).first()
    if row is None or row.expires_at <= utcnow():
        return None
    user = row.User
    if not user.is_active_account or row.session_version != user.session_version:
        return None
    return user
