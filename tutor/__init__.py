"""The AI tutor: a plain library (no Flask, no database) that critiques learners' work.

    from tutor import critique
    critique("copy", {"title": "...", "body": "..."}, brief={"required_info": [...]})
"""

from tutor.critic import critique
from tutor.rules.base import FINDING_CODES as _CODES
from tutor.rules.base import KINDS

FINDING_CODES: tuple[str, ...] = tuple(_CODES)

__all__ = ["FINDING_CODES", "KINDS", "critique"]
