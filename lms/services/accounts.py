"""Accounts: creating people, signing in, passwords and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from lms.clock import utcnow
from lms.extensions import db
from lms.models import ApiToken, Role, User
from lms.services.errors import AuthFailed, Conflict, Invalid

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
) -> User:
    """Create an account after validating every field; username or phone is required."""
    username = check_username(username) if username else None
    phone = normalise_phone(phone) if phone else None
    if not username and not phone:
        raise Invalid(_l("Enter a username or a mobile number."), field="username")
    if username and db.session.scalar(select(User.id).where(func.lower(User.username) == username)):
        raise Conflict(_l("This username is taken. Please choose another."), field="username")
    if phone and db.session.scalar(select(User.id).where(User.phone == phone)):
        raise Conflict(_l("This mobile number is already registered. Try signing in."), field="phone")
    user = User(
        username=username,
        phone=phone,
        display_name=check_display_name(display_name),
        password_hash=_hash(check_password(password)),
        role=Role(role).value,
        org_id=org_id,
        created_by_id=created_by.id if created_by else None,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user


def authenticate(login: str, password: str, now: datetime | None = None) -> User:
    """Check credentials with a per-account lockout; raise AuthFailed with the reason."""
    global _DUMMY_HASH
    now = now or utcnow()
    user = find_by_login(login)
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or _hash("x" * 12)
        check_password_hash(_DUMMY_HASH, password or "")
        raise AuthFailed(_l("Wrong username/mobile number or password."))
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AuthFailed(
            _l("Too many wrong passwords. Try again in %(m)s minutes, or ask your mentor to reset it.", m=minutes),
            code="locked",
        )
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_LOCKOUT_FAILURES"]:
            user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
            user.failed_logins = 0
        db.session.commit()
        raise AuthFailed(_l("Wrong username/mobile number or password."))
    if not user.is_active_account:
        raise AuthFailed(_l("This account is disabled. Please contact your mentor."), code="disabled")
    user.failed_logins = 0
    user.locked_until = None
    user.last_active_at = now
    db.session.commit()
    return user


def do_change_password(user: User, current: str, new: str) -> None:
    """Change a password (the current one must be right) and end other sessions."""
    if not check_password_hash(user.password_hash, current or ""):
        raise Invalid(_l("Your current password is not right."), field="current")
    if current == new:
        raise Invalid(_l("The new password must differ from the current one."), field="new")
    user.password_hash = _hash(check_password(new))
    user.must_change_password = False
    user.session_version += 1
    db.session.commit()


def make_one_time_password() -> str:
    """Eight digits: easy to read from a card and type on a phone keypad."""
    return "".join(secrets.choice("23456789") for _ in range(8))


def do_reset_password(user: User) -> str:
    """Give an account a new one-time password (returned once, never stored in clear)."""
    otp = make_one_time_password()
    user.password_hash = _hash(otp)
    user.must_change_password = True
    user.session_version += 1
    user.failed_logins = 0
    user.locked_until = None
    db.session.commit()
    return otp


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(user: User) -> str:
    """Create a bearer token for the API; the raw value is returned once."""
    raw = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=_hash_token(raw),
            expires_at=utcnow() + timedelta(days=days),
            session_version=user.session_version,
        )
    )
    db.session.commit()
    return raw


def user_for_api_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown, expired or revoked."""
    if not raw or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(raw)))
    if token is None or token.expires_at <= utcnow():
        return None
    user = token.user
    if not user.is_active_account or token.session_version != user.session_version:
        return None
    return user
