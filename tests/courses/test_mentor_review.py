"""`mentor_review: true` marks a task whose every submission a mentor reviews (own-product capstones)."""
from __future__ import annotations

from courses import check_catalog

COPY = "basic/demo/tasks/demo-copy.yaml"
QUIZ = "basic/demo/tasks/demo-quiz.yaml"


def _task(mini, slug: str):
    catalog, errors = check_catalog(mini.root)
    assert not errors, errors
    return next(t for c in catalog.tracks[0].courses for t in c.tasks if t.slug == slug)


def test_tasks_are_not_mentor_reviewed_unless_marked(mini):
    assert _task(mini, "demo-copy").mentor_review is False


def test_marked_task_is_mentor_reviewed_and_gets_a_new_version(mini):
    before = _task(mini, "demo-copy").content_hash
    mini.edit(COPY, "pass_score: 70\n", "pass_score: 70\nmentor_review: true\n")
    task = _task(mini, "demo-copy")
    assert task.mentor_review is True
    assert task.content_hash != before
    assert task.hash_payload()["mentor_review"] is True


def test_mentor_review_false_keeps_the_version(mini):
    before = _task(mini, "demo-copy").content_hash
    mini.edit(COPY, "pass_score: 70\n", "pass_score: 70\nmentor_review: false\n")
    assert _task(mini, "demo-copy").content_hash == before


def test_mentor_review_must_be_a_boolean(mini):
    mini.edit(COPY, "pass_score: 70\n", "pass_score: 70\nmentor_review: yes please\n")
    mini.assert_error(COPY, mini.line_of(COPY, "mentor_review"), "'mentor_review' must be true or false")


def test_a_quiz_cannot_be_mentor_reviewed(mini):
    mini.edit(QUIZ, "pass_score:", "mentor_review: true\npass_score:")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "mentor_review"), "a quiz grades itself")
