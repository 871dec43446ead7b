"""The `lms courses check --json` summary of a catalog."""
from __future__ import annotations

from courses.kinds import TASK_KINDS
from courses.model import Catalog

# The order SPEC's `courses check --json` contract lists; a kind added later comes last.
_CONTRACT_ORDER = ("quiz", "copy", "livestream", "reply")
SUMMARY_KINDS = tuple(sorted(TASK_KINDS, key=lambda k: (_CONTRACT_ORDER + TASK_KINDS).index(k)))


def catalog_summary(catalog: Catalog) -> dict:
    """`{"tracks": [{"slug", "courses": [{"slug", "lessons": n, "tasks": {kind: n}}]}]}`."""
    return {
        "tracks": [
            {
                "slug": track.slug,
                "courses": [
                    {
                        "slug": course.slug,
                        "lessons": len(course.lessons),
                        "tasks": {k: sum(t.kind == k for t in course.tasks) for k in SUMMARY_KINDS},
                    }
                    for course in track.courses
                ],
            }
            for track in catalog.tracks
        ]
    }
