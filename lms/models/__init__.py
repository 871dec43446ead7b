"""All models, imported so Alembic and the app see one metadata."""

from lms.models.accounts import ApiToken, Role, User
from lms.models.ops import WorkerHeartbeat
from lms.models.orgs import Cohort, Membership, MemberRole, OrgKind, Organisation

__all__ = [
    "ApiToken", "Cohort", "Membership", "MemberRole", "OrgKind", "Organisation", "Role",
    "User", "WorkerHeartbeat",
]
