"""A lesson's `minutes` follows its length, so the course page's reading times can be trusted.

The rate is the one courses/FORMAT.md states: 200 characters a minute (body characters as the
validator counts them, without markup and whitespace), for a villager reading carefully on a
phone, numbers and tables included. The estimate is rounded up; one minute either way is fine.
"""

from __future__ import annotations

import math

from courses import check_catalog

CHARS_PER_MINUTE = 200


def expected_minutes(chars: int) -> int:
    return max(1, math.ceil(chars / CHARS_PER_MINUTE))


def test_expected_minutes_for_the_format_limits():
    assert [expected_minutes(n) for n in (400, 401, 600, 1200)] == [2, 3, 3, 6]


def test_every_lesson_states_minutes_that_follow_its_length():
    catalog, errors = check_catalog()
    assert catalog is not None and not errors, errors
    off = [f"{lesson.slug}: {lesson.minutes} min for {lesson.chars} characters "
           f"(expected about {expected_minutes(lesson.chars)})"
           for lesson in catalog.lessons.values()
           if abs(lesson.minutes - expected_minutes(lesson.chars)) > 1]
    assert not off, "\n".join(off)
