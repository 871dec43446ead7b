"""Organisations, cohorts, join codes and who belongs where."""

from __future__ import annotations

import re
import secrets
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lms import permissions
from lms.extensions import db
from lms.models import Cohort, Enrolment, MemberRole, Membership, Organisation, OrgKind, Role, User
from lms.services import accounts, usernames
from lms.services.errors import Conflict, Forbidden, Invalid, NotFound

# No 0/O, 1/I/L: codes are read aloud and copied from paper.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6


def normalise_join_code(raw: str) -> str:
    return re.sub(r"[\s\-]", "", (raw or "")).upper()


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(select(Cohort.id).where(Cohort.join_code == code)):
            return code


def do_create_organisation(kind: OrgKind, name: str, region: str | None = None) -> Organisation:
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise Invalid(_l("Please enter a name (at most 100 characters)."), field="name")
    if db.session.scalar(select(Organisation.id).where(Organisation.name == name)):
        raise Invalid(_l("An organisation with this name already exists."), field="name")
    org = Organisation(kind=OrgKind(kind).value, name=name, region=region)
    db.session.add(org)
    db.session.commit()
    return org


def do_create_cohort(actor: User, org: Organisation, name: str, capacity: int = 200) -> Cohort:
    """Create a cohort in an organisation; the actor (mentor/teacher) becomes its staff member."""
    if not permissions.can_manage_org(actor, org):
        raise Forbidden(_l("You cannot add groups to this organisation."))
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise Invalid(_l("Please enter a name (at most 100 characters)."), field="name")
    if not 1 <= capacity <= 5000:
        raise Invalid(_l("Capacity must be between 1 and 5000."), field="capacity")
    cohort = Cohort(org_id=org.id, name=name, join_code=new_join_code(), capacity=capacity)
    db.session.add(cohort)
    db.session.flush()
    staff_role = permissions.staff_member_role(actor)
    if staff_role:
        db.session.add(Membership(cohort_id=cohort.id, user_id=actor.id, role=staff_role.value))
    db.session.commit()
    return cohort


def learner_count(cohort: Cohort) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value
        )
    )


UNUSABLE_CODE = _l("This join code cannot be used. Please check it with your mentor or teacher.")


def cohort_for_join_code(raw: str) -> Cohort:
    """The open, not-full cohort a join code names, or Invalid. Unknown, closed and full codes
    get one message, so guessing codes learns nothing about which groups exist (SPEC §5)."""
    code = normalise_join_code(raw)
    if not code:
        raise Invalid(_l("Please enter the join code your mentor or teacher gave you."), field="join_code")
    cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == code))
    if cohort is None or not cohort.is_open or learner_count(cohort) >= cohort.capacity:
        raise Invalid(UNUSABLE_CODE, field="join_code")
    return cohort


def do_register_with_join_code(
    *, join_code: str, display_name: str, password: str, username: str | None = None,
    phone: str | None = None,
) -> User:
    """Self-registration: a new learner joins the cohort the code names."""
    cohort = cohort_for_join_code(join_code)
    user = accounts.do_create_user(
        display_name=display_name, password=password, username=username, phone=phone,
        role=Role.LEARNER, org_id=cohort.org_id, commit=False,
    )
    db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role=MemberRole.LEARNER.value))
    db.session.commit()
    return user


def do_join_cohort(user: User, join_code: str) -> Cohort:
    """An existing learner joins one more cohort by code (joining twice is a no-op)."""
    cohort = cohort_for_join_code(join_code)
    exists = db.session.scalar(
        select(Membership.id).where(Membership.cohort_id == cohort.id, Membership.user_id == user.id)
    )
    if not exists:
        db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role=MemberRole.LEARNER.value))
        db.session.commit()
    return cohort


def suggest_username(cohort: Cohort, display_name: str = "", reserved: frozenset[str] = frozenset()) -> str:
    """A free username a villager can type, from their name in pinyin (王秀英 → wangxy,
    wangxy2 …); a name with nothing to spell it gives `xuey2`-style names. `reserved` names
    count as taken (others planned in the same class-list import)."""
    def taken(candidate: str) -> bool:
        if candidate in reserved:
            return True
        return db.session.scalar(select(User.id).where(func.lower(User.username) == candidate)) is not None
    return usernames.readable_username(display_name, taken)


ENROL_KEY_MAX = 64


def do_enrol_learner(
    actor: User, cohort: Cohort, *, display_name: str, phone: str | None = None,
    username: str | None = None, key: str | None = None,
) -> tuple[User, str | None]:
    """Staff create an account for a villager; returns the user and a one-time password.

    `key` is the enrol form's own id: the same form sent again — a double tap, or two requests
    at once — returns the account the first one made and no password (None) instead of making
    a second account (the one double-submit guard, lms.services.once)."""
    if not permissions.can_enrol_in(actor, cohort):
        raise NotFound(_l("Group not found."))
    key = (key or "")[:ENROL_KEY_MAX] or None

    def made_by_this_form() -> User | None:
        return db.session.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id)
                                 .where(Enrolment.created_by_id == actor.id, Enrolment.key == key)) if key else None

    earlier = made_by_this_form()
    if earlier is not None:
        return earlier, None
    try:
        user, otp = add_learner(actor, cohort, display_name=display_name, phone=phone,
                                username=username or suggest_username(cohort, display_name))
        if key is not None:
            db.session.flush()
            db.session.add(Enrolment(created_by_id=actor.id, key=key, user_id=user.id))
        db.session.commit()
    except (IntegrityError, Conflict):  # the same form, sent at the same moment, made it first
        db.session.rollback()          # (its username or its key now taken)
        earlier = made_by_this_form()
        if earlier is None:
            raise
        return earlier, None
    return user, otp


def add_learner(
    actor: User, cohort: Cohort, *, display_name: str, phone: str | None = None,
    username: str | None = None, password: str | None = None, password_hash: str | None = None,
) -> tuple[User, str]:
    """A learner account in the cohort with a one-time password they must change, not yet
    committed: the one path for accounts staff make, one (do_enrol_learner) or a class list
    (roster) at a time. The caller checked the actor and commits. A class list passes the
    one-time `password` it made (and its `password_hash`, hashed ahead); otherwise one is made."""
    otp = password or accounts.make_one_time_password()
    user = accounts.do_create_user(
        display_name=display_name, password=otp, username=username, phone=phone, role=Role.LEARNER,
        org_id=cohort.org_id, created_by=actor, must_change_password=True, commit=False,
        password_hash=password_hash if password else None,
    )
    db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role=MemberRole.LEARNER.value))
    return user, otp


def do_reset_learner_password(actor: User, learner: User) -> str:
    if not permissions.can_manage_learner(actor, learner):
        raise NotFound(_l("Learner not found."))
    return accounts.do_reset_password(learner)


def do_set_cohort_open(actor: User, cohort: Cohort, is_open: bool) -> None:
    if not permissions.can_enrol_in(actor, cohort):
        raise NotFound(_l("Group not found."))
    cohort.is_open = is_open
    db.session.commit()


def get_cohort_for(actor: User, cohort_id: int) -> Cohort:
    """The cohort if the actor may see it; NotFound otherwise (no existence leak)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not permissions.can_view_cohort(actor, cohort):
        raise NotFound(_l("Group not found."))
    return cohort


def get_learner_for(actor: User, user_id: int) -> User:
    learner = db.session.get(User, user_id)
    if learner is None or not permissions.can_manage_learner(actor, learner):
        raise NotFound(_l("Learner not found."))
    return learner


def visible_cohorts(actor: User) -> list[Cohort]:
    """Cohorts an actor may see (permissions.visible_cohorts_query), by id, each with its
    organisation (one query: the lists show the village or school of every group)."""
    return list(db.session.scalars(permissions.visible_cohorts_query(actor).options(joinedload(Cohort.org))))


def groups_of(user: User) -> list:
    """The user's groups as (cohort_id, name, org_name, role) rows, oldest membership first
    (one column query)."""
    return db.session.execute(_groups_statement(), {"uid": user.id}).all()


@cache
def _groups_statement():
    return (select(Cohort.id, Cohort.name, Organisation.name.label("org_name"), Membership.role)
            .join(Membership, Membership.cohort_id == Cohort.id).join(Organisation, Organisation.id == Cohort.org_id)
            .where(Membership.user_id == bindparam("uid")).order_by(Membership.id))


def roster(cohort: Cohort) -> list[User]:
    """The cohort's learners, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)
            .order_by(User.display_name, User.id)
        )
    )


def learner_counts(cohort_ids: list[int]) -> dict[int, int]:
    """Learners per cohort in one query."""
    if not cohort_ids:
        return {}
    rows = db.session.execute(
        select(Membership.cohort_id, func.count(Membership.id))
        .where(Membership.cohort_id.in_(cohort_ids), Membership.role == MemberRole.LEARNER.value)
        .group_by(Membership.cohort_id)
    )
    return {cid: n for cid, n in rows}


def do_rename_cohort(actor: User, cohort: Cohort, name: str) -> Cohort:
    """Rename a group or class (its join code stays)."""
    if not permissions.can_enrol_in(actor, cohort):
        raise NotFound(_l("Group not found."))
    name = " ".join((name or "").split())
    if not name or len(name) > 100:
        raise Invalid(_l("Please enter a name (at most 100 characters)."), field="name")
    cohort.name = name
    db.session.commit()
    return cohort


def move_targets(actor: User, cohort: Cohort) -> list[Cohort]:
    """The other cohorts of the same organisation the actor can add learners to."""
    return [c for c in visible_cohorts(actor)
            if c.id != cohort.id and c.org_id == cohort.org_id and permissions.can_enrol_in(actor, c)]


def do_move_learner(actor: User, learner: User, source: Cohort, target_id: object) -> Cohort:
    """Move a learner from one cohort to another of the same organisation: their account, work
    and personal assignments stay; the group's assignments become the new group's."""
    if not permissions.can_enrol_in(actor, source):
        raise NotFound(_l("Group not found."))
    membership = db.session.scalar(select(Membership).where(
        Membership.cohort_id == source.id, Membership.user_id == learner.id,
        Membership.role == MemberRole.LEARNER.value))
    if membership is None:
        raise NotFound(_l("Learner not found."))
    target_id = int(target_id) if isinstance(target_id, str) and target_id.isdigit() else target_id
    target = next((c for c in move_targets(actor, source) if c.id == target_id), None)
    if target is None:
        raise Invalid(_l("Please choose one of the groups in the list."), field="target")
    if db.session.scalar(select(Membership.id).where(Membership.cohort_id == target.id,
                                                     Membership.user_id == learner.id)):
        raise Conflict(_l("%(name)s is already in %(group)s.", name=learner.display_name, group=target.name),
                       field="target")
    if learner_count(target) >= target.capacity:
        raise Conflict(_l("%(group)s is full.", group=target.name), field="target")
    membership.cohort_id = target.id
    db.session.commit()
    return target
