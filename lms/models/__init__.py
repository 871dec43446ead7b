"""All models, imported so Alembic and the app see one metadata."""

# Ids are INTEGER columns (32-bit on PostgreSQL): a larger number names no row, and sending it
# to the database is an error, so callers check against this first.
ID_MAX = 2**31 - 1

from lms.models.accounts import ApiToken, Role, User, UserSession
from lms.models.assignments import Assignment
from lms.models.catalog import CatalogSync, Course, Lesson, Task, TaskVersion, Track
from lms.models.ops import LlmUsage, WorkerHeartbeat
from lms.models.orgs import Cohort, Enrolment, MemberRole, Membership, Organisation, OrgKind
from lms.models.progress import (
    AttemptAudio,
    AttemptStatus,
    Draft,
    LessonProgress,
    Placement,
    TaskAttempt,
)
from lms.models.reviews import Review
from lms.models.rosters import ImportStatus, RosterImport

__all__ = [
    "ID_MAX",
    "ApiToken",
    "Assignment",
    "AttemptAudio",
    "AttemptStatus",
    "CatalogSync",
    "Cohort",
    "Course",
    "Draft",
    "Enrolment",
    "ImportStatus",
    "Lesson",
    "LessonProgress",
    "LlmUsage",
    "MemberRole",
    "Membership",
    "OrgKind",
    "Organisation",
    "Placement",
    "Review",
    "Role",
    "RosterImport",
    "Task",
    "TaskAttempt",
    "TaskVersion",
    "Track",
    "User",
    "UserSession",
    "WorkerHeartbeat",
]
