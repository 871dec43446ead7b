"""Villages, schools, and the cohorts (village groups, school classes) inside them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.clock import utcnow
from lms.extensions import db


class OrgKind(str, enum.Enum):
    VILLAGE = "village"
    SCHOOL = "school"


class MemberRole(str, enum.Enum):
    LEARNER = "learner"
    MENTOR = "mentor"
    TEACHER = "teacher"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohorts = relationship("Cohort", back_populates="org", order_by="Cohort.id")


class Cohort(db.Model):
    """A village learner group or a school class; people join with its code."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    capacity: Mapped[int] = mapped_column(default=200)
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    org = relationship("Organisation", back_populates="cohorts")
    memberships = relationship("Membership", back_populates="cohort", cascade="all, delete-orphan")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id", name="uq_memberships_cohort_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort = relationship("Cohort", back_populates="memberships")
    user = relationship("User", back_populates="memberships")


class Enrolment(db.Model):
    """The key of the enrol form that made an account: the same form sent twice (a double tap,
    or two at once) finds this row instead of making a second account."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("created_by_id", "key", name="uq_enrolments_creator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
