"""The AI tutor: a plain library (no Flask, no database) that critiques learners' work.

    from tutor import critique
    critique("copy", {"title": "...", "body": "..."}, brief={"required_info": [...]})
"""

from tutor.critic import critique
from tutor.kinds import BUILTIN_KINDS, KIND_SPECS, KindSpec, kind_spec
from tutor.rules.base import FINDING_CODES as _CODES

FINDING_CODES: tuple[str, ...] = tuple(_CODES)
KINDS: tuple[str, ...] = BUILTIN_KINDS  # the built-in kinds; KIND_SPECS also holds registered ones

__all__ = ["FINDING_CODES", "KINDS", "KIND_SPECS", "KindSpec", "critique", "kind_spec"]
