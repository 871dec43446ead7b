"""All models, imported so Alembic and the app see one metadata."""

from lms.models.accounts import ApiToken, Role, User
from lms.models.catalog import Course, Lesson, Task, TaskVersion, Track
from lms.models.ops import WorkerHeartbeat
from lms.models.orgs import Cohort, Membership, MemberRole, OrgKind, Organisation
from lms.models.progress import Draft, LessonProgress, Placement, TaskAttempt

__all__ = [
    "ApiToken", "Cohort", "Membership", "MemberRole", "OrgKind", "Organisation", "Role",
    "User", "WorkerHeartbeat",
    "Course", "Draft", "Lesson", "LessonProgress", "Placement", "Task", "TaskAttempt",
    "TaskVersion", "Track",
]
