"""People, as the admin sees them: find anyone, give a new card, deactivate and reactivate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.extensions import db
from lms.models import ApiToken, Role, User, UserSession
from lms.services import accounts
from lms.services.errors import Forbidden, Invalid, NotFound

PER_PAGE = 50
QUERY_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")


@dataclass(frozen=True)
class UserPage:
    """One page of a user search: the rows and where the page sits in the whole result."""

    users: list[User]
    total: int
    page: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _require_admin(actor: User) -> None:
    if not permissions.has_role(actor, Role.ADMIN):
        raise Forbidden(_l("Only an admin can manage accounts."))


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character `\\`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def clean_query(raw: str | None) -> str:
    """Search text without control characters (PostgreSQL refuses NUL) or extra spaces."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())


def _filters(query: str, role: str | None) -> list:
    clauses = []
    if query:
        pattern = f"%{escape_like(query)}%"
        fields = [User.username.ilike(pattern, escape="\\"), User.display_name.ilike(pattern, escape="\\")]
        digits = _PHONE_SEPARATORS.sub("", query)  # 138 0013-8000 finds 13800138000
        fields.append(User.phone.ilike(f"%{escape_like(digits or query)}%", escape="\\"))
        clauses.append(or_(*fields))
    if role:
        clauses.append(User.role == Role(role).value)
    return clauses


def search(actor: User, query: str = "", role: str | None = None, page: int = 1,
           per_page: int = PER_PAGE) -> UserPage:
    """Users whose username, mobile number or name contains `query` (any case), of one role
    or all, by name; a page past the end shows the last one. Two queries whatever the page."""
    _require_admin(actor)
    query = clean_query(query)
    if len(query) > QUERY_MAX:
        raise Invalid(_l("Search text is too long (at most %(max)d characters).", max=QUERY_MAX), field="q")
    clauses = _filters(query, role)
    total = db.session.scalar(select(func.count(User.id)).where(*clauses)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    users = list(db.session.scalars(
        select(User).options(joinedload(User.org)).where(*clauses)
        .order_by(User.display_name, User.id).offset((page - 1) * per_page).limit(per_page)))
    return UserPage(users=users, total=total, page=page, pages=pages)


def get_user(actor: User, user_id: int) -> User:
    """Any account, for an admin; NotFound if there is none."""
    _require_admin(actor)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_l("There is no such account."))
    return user


def check_not_self(actor: User, user: User, message) -> None:
    """Refuse an action an admin may not take on their own account (they would lock themselves out)."""
    if actor.id == user.id:
        raise Invalid(message)


SELF_RESET = _l("This is your own account. To choose a new password, use “Change password” at the "
                "bottom of the page.")
SELF_DEACTIVATE = _l("You cannot deactivate your own account. Another admin can do it if it is needed.")


def do_reset_password(actor: User, user: User) -> str:
    """A new one-time password for the account: the old one stops working and every session
    and API token of the account ends (accounts.do_reset_password). Returned once."""
    _require_admin(actor)
    check_not_self(actor, user, SELF_RESET)
    return accounts.do_reset_password(user)


ACTOR_GONE = _l("Your own account has just been deactivated by another admin. Nothing was changed.")


def _lock_admins() -> None:
    """Decide changes to who is an active admin one at a time: a no-op write on every active
    admin row takes their row locks on PostgreSQL and the database write lock on SQLite, so two
    admins deactivating each other at the same moment are handled one after the other."""
    db.session.execute(
        update(User).where(User.role == Role.ADMIN.value, User.is_active_account.is_(True))
        .values(session_version=User.session_version).execution_options(synchronize_session=False))


def do_deactivate(actor: User, user: User) -> bool:
    """Stop an account signing in, and sign it out everywhere now: its server-side sessions
    and API tokens are deleted and `session_version` moves on, so nothing issued before keeps
    working if the account is reactivated later. False if it was already deactivated.

    Nobody can deactivate themselves, so an active admin always remains: the one acting. For an
    admin target that is checked under the admins' lock, after any concurrent change, so when
    two admins deactivate each other at once the second finds themselves deactivated and is
    refused (Forbidden) instead of leaving no admin at all."""
    _require_admin(actor)
    check_not_self(actor, user, SELF_DEACTIVATE)
    if user.role == Role.ADMIN.value:
        _lock_admins()
        db.session.refresh(actor)
        db.session.refresh(user)   # as a concurrent request may have left them
        if not actor.is_active_account or actor.role != Role.ADMIN.value:
            db.session.rollback()
            raise Forbidden(ACTOR_GONE)
    if not user.is_active_account:
        db.session.rollback()
        return False
    user.is_active_account = False
    user.session_version += 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.commit()
    return True


def do_reactivate(actor: User, user: User) -> bool:
    """Let a deactivated account sign in again (with its password as it was). False if it was active."""
    _require_admin(actor)
    if user.is_active_account:
        return False
    user.is_active_account = True
    db.session.commit()
    return True
