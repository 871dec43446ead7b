"""People and how they prove who they are."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class Role(str, enum.Enum):
    LEARNER = "learner"
    MENTOR = "mentor"
    TEACHER = "teacher"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str | None] = mapped_column(String(40), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER.value, index=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # A one-time password (a printed card, an admin's temporary staff password) works once,
    # until `one_time_expires_at`; the account must then choose its own password.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    one_time_expires_at: Mapped[datetime | None]
    one_time_used_at: Mapped[datetime | None]
    # Bumped on password change: invalidates the API tokens issued before it.
    session_version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime | None]

    org = relationship("Organisation", foreign_keys=[org_id])
    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    # The server-side session this request signed in with (set by login and the user loader).
    session_key = None

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_active_account

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: the user and a revocable session key."""
        return f"{self.id}:{self.session_key}"

    @property
    def login_name(self) -> str:
        """What the person types to sign in."""
        return self.username or self.phone or str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.login_name} {self.role}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    session_version: Mapped[int] = mapped_column(default=1)

    user = relationship("User")


class UserSession(db.Model):
    """One signed-in browser. Its cookies name it; sign-out or a password change deletes it,
    so a copied session or remember-me cookie stops working on the server."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
