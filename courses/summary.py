"""The `lms courses check --json` summary of a catalog."""
from __future__ import annotations

from courses.model import Catalog

SUMMARY_KINDS = ("quiz", "copy", "livestream", "reply")


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
