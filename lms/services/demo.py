"""Demo data: one village, one school, an admin and the demo accounts of SPEC §3."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from lms.clock import local_today
from lms.extensions import db
from lms.models import (
    Assignment,
    Cohort,
    Lesson,
    MemberRole,
    Membership,
    Organisation,
    OrgKind,
    Role,
    Task,
    User,
)
from lms.services import accounts

VILLAGE, SCHOOL = "青山村", "县职业技术学校"
DEMO_COHORTS = {
    "CUN888": (VILLAGE, "青山村电商学习小组"),
    "BAN666": (SCHOOL, "电子商务 2026 级 1 班"),
}
DEMO_USERS = [
    # username, display name, role, organisation, cohort code
    ("admin", "平台管理员", Role.ADMIN, None, None),
    ("teacher1", "刘老师", Role.TEACHER, SCHOOL, "BAN666"),
    ("mentor1", "张导师", Role.MENTOR, VILLAGE, "CUN888"),
    ("learner1", "王秀英", Role.LEARNER, VILLAGE, "CUN888"),
    ("learner2", "李建国", Role.LEARNER, VILLAGE, "CUN888"),
    ("learner3", "陈小红", Role.LEARNER, VILLAGE, "CUN888"),
    ("learner4", "赵明", Role.LEARNER, SCHOOL, "BAN666"),
    ("learner5", "孙丽", Role.LEARNER, SCHOOL, "BAN666"),
]
# mentor1's village group: task slug → due in this many days from the first seeding
DEMO_ASSIGNMENTS = {"CUN888": [("open-shop-quiz", 2), ("navel-orange-copy", 7),
                               ("broken-fruit-reply", 14)]}
DEMO_LESSONS = {"CUN888": [("packing-fresh", 3, "发货前先读这一课：脐橙怎么装箱不压坏。")]}


def _org(name: str, kind: OrgKind) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, kind=kind.value, region="江西省赣州市")
        db.session.add(org)
        db.session.flush()
    return org


def seed_demo() -> list[tuple[str, str]]:
    """Create whatever demo data is missing; safe to run any number of times."""
    password = current_app.config["DEMO_PASSWORD"]
    orgs = {VILLAGE: _org(VILLAGE, OrgKind.VILLAGE), SCHOOL: _org(SCHOOL, OrgKind.SCHOOL)}
    cohorts = {}
    for code, (org_name, name) in DEMO_COHORTS.items():
        cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == code))
        if cohort is None:
            cohort = Cohort(org_id=orgs[org_name].id, name=name, join_code=code, capacity=200)
            db.session.add(cohort)
            db.session.flush()
        cohorts[code] = cohort
    logins = []
    for username, name, role, org_name, code in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = accounts.do_create_user(
                username=username, display_name=name, password=password, role=role,
                org_id=orgs[org_name].id if org_name else None, commit=False,
            )
        if code:
            member_role = {Role.LEARNER: MemberRole.LEARNER, Role.MENTOR: MemberRole.MENTOR,
                           Role.TEACHER: MemberRole.TEACHER}[role]
            cohort = cohorts[code]
            if not db.session.scalar(select(Membership.id).where(
                    Membership.cohort_id == cohort.id, Membership.user_id == user.id)):
                db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role=member_role.value))
        logins.append((username, role.value))
    db.session.flush()
    _seed_assignments(cohorts)
    db.session.commit()
    return logins


def _seed_assignments(cohorts: dict[str, Cohort]) -> None:
    """Give the demo village group a few tasks and a lesson with due dates; skips tasks not synced yet and
    never moves a date already set."""
    for code, items in DEMO_ASSIGNMENTS.items():
        cohort = cohorts[code]
        staff = db.session.scalar(select(Membership.user_id).where(
            Membership.cohort_id == cohort.id, Membership.role == MemberRole.MENTOR.value))
        for slug, days in items:
            task = db.session.scalar(select(Task).where(Task.slug == slug, Task.is_active.is_(True)))
            if task is None or db.session.scalar(select(Assignment.id).where(
                    Assignment.cohort_id == cohort.id, Assignment.task_id == task.id)):
                continue
            db.session.add(Assignment(cohort_id=cohort.id, task_id=task.id, created_by_id=staff,
                                      due_on=local_today() + timedelta(days=days)))
        for slug, days, note in DEMO_LESSONS.get(code, ()):
            lesson = db.session.scalar(select(Lesson).where(Lesson.slug == slug, Lesson.is_active.is_(True)))
            if lesson is None or db.session.scalar(select(Assignment.id).where(
                    Assignment.cohort_id == cohort.id, Assignment.lesson_id == lesson.id)):
                continue
            db.session.add(Assignment(cohort_id=cohort.id, lesson_id=lesson.id, created_by_id=staff, note=note,
                                      due_on=local_today() + timedelta(days=days)))
