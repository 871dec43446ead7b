"""Who may do what: pure predicates over the actor and the object, used by every surface.

Each rule that also lists objects has two forms side by side: the predicate for one object
(`can_view_cohort`) and the query for all of them (`visible_cohorts_query`). The permission
matrix test checks on its data that every pair agrees.
"""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select

from lms.models import Cohort, MemberRole, Membership, Role, User
from lms.models.orgs import Organisation

STAFF_ROLES = frozenset({Role.MENTOR.value, Role.TEACHER.value, Role.ADMIN.value})

HOME_ENDPOINTS = {
    Role.LEARNER.value: "learn.home",
    Role.MENTOR.value: "staff.mentor_home",
    Role.TEACHER.value: "staff.school_home",
    Role.ADMIN.value: "admin.home",
}


def has_role(actor: User | None, *roles: Role) -> bool:
    return bool(actor and actor.is_authenticated and actor.role in {r.value for r in roles})


def is_staff(actor: User | None) -> bool:
    return bool(actor and actor.is_authenticated and actor.role in STAFF_ROLES)


def staff_member_role(actor: User) -> MemberRole | None:
    return {Role.MENTOR.value: MemberRole.MENTOR, Role.TEACHER.value: MemberRole.TEACHER}.get(actor.role)


def _is_member(actor: User, cohort: Cohort, role: MemberRole) -> bool:
    return any(m.user_id == actor.id and m.role == role.value for m in cohort.memberships)


def can_manage_org(actor: User, org: Organisation) -> bool:
    """Admins manage every organisation; mentors and teachers their own."""
    if actor.role == Role.ADMIN.value:
        return True
    return actor.role in (Role.MENTOR.value, Role.TEACHER.value) and actor.org_id == org.id


def can_view_cohort(actor: User, cohort: Cohort) -> bool:
    """Admins see all; teachers their school's classes; mentors the cohorts they mentor."""
    if actor.role == Role.ADMIN.value:
        return True
    if actor.role == Role.TEACHER.value:
        return actor.org_id == cohort.org_id or _is_member(actor, cohort, MemberRole.TEACHER)
    if actor.role == Role.MENTOR.value:
        return _is_member(actor, cohort, MemberRole.MENTOR)
    return False


def visible_cohorts_query(actor: User) -> Select:
    """The query form of can_view_cohort: every cohort the actor may see, by id."""
    query = select(Cohort).order_by(Cohort.id)
    if actor.role == Role.ADMIN.value:
        return query
    if actor.role == Role.TEACHER.value:
        taught = select(Membership.cohort_id).where(
            Membership.user_id == actor.id, Membership.role == MemberRole.TEACHER.value)
        own_school = Cohort.org_id == actor.org_id if actor.org_id else false()
        return query.where(or_(own_school, Cohort.id.in_(taught)))
    if actor.role == Role.MENTOR.value:
        mentored = select(Membership.cohort_id).where(
            Membership.user_id == actor.id, Membership.role == MemberRole.MENTOR.value)
        return query.where(Cohort.id.in_(mentored))
    return query.where(false())


def can_enrol_in(actor: User, cohort: Cohort) -> bool:
    """Staff who can see a cohort can add learners to it."""
    return is_staff(actor) and can_view_cohort(actor, cohort)


def can_manage_learner(actor: User, learner: User) -> bool:
    """Staff manage learners who are in one of the cohorts they can see."""
    if not is_staff(actor) or learner.role != Role.LEARNER.value:
        return False
    if actor.role == Role.ADMIN.value:
        return True
    return any(
        m.role == MemberRole.LEARNER.value and can_view_cohort(actor, m.cohort)
        for m in learner.memberships
    )


def managed_learners_query(actor: User) -> Select:
    """The query form of can_manage_learner: every learner the actor manages, by id."""
    query = select(User).where(User.role == Role.LEARNER.value).order_by(User.id)
    if not is_staff(actor):
        return query.where(false())
    if actor.role == Role.ADMIN.value:
        return query
    cohort_ids = visible_cohorts_query(actor).with_only_columns(Cohort.id).order_by(None)
    in_cohort = select(Membership.user_id).where(
        Membership.role == MemberRole.LEARNER.value, Membership.cohort_id.in_(cohort_ids))
    return query.where(User.id.in_(in_cohort))


def home_endpoint(user: User) -> str:
    return HOME_ENDPOINTS.get(user.role, "learn.home")


# ---- the learner's journey (catalog, progress, placement) ------------------------------------

def can_study(actor: User | None) -> bool:
    """Only learners take lessons, quizzes and placement; staff look, they do not study."""
    return has_role(actor, Role.LEARNER)


def can_place_learner(actor: User, learner: User) -> bool:
    """Staff who manage a learner may put them on any track."""
    return can_manage_learner(actor, learner)


def can_assign(actor: User, cohort: Cohort) -> bool:
    """Staff who can see a cohort (its mentor, its school's teachers, admins) assign it tasks."""
    return is_staff(actor) and can_view_cohort(actor, cohort)


def can_assign_to_learner(actor: User, learner: User) -> bool:
    """Staff give a learner a personal task only if the learner is in a cohort they can see."""
    return can_manage_learner(actor, learner)
