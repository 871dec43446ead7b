"""Quiz grading and placement suggestion."""
from __future__ import annotations

import pytest

from courses import grade_quiz, load_catalog, suggest_track


@pytest.fixture
def catalog(mini):
    return load_catalog(mini.root)


def test_all_right_scores_100(catalog):
    quiz = catalog.tasks["demo-quiz"]
    result = grade_quiz(quiz, {"q1": ["b"], "q2": ["b", "a"], "q3": ["false"]})
    assert result.score == 100 and result.passed
    assert all(q.correct for q in result.questions)


def test_partial_answers_score_by_question(catalog):
    quiz = catalog.tasks["demo-quiz"]
    result = grade_quiz(quiz, {"q1": ["a"], "q2": ["a"], "q3": "false"})
    assert [q.correct for q in result.questions] == [False, False, True]
    assert result.score == 33 and not result.passed   # pass_score 60


def test_feedback_explains_every_option(catalog):
    result = grade_quiz(catalog.tasks["demo-quiz"], {"q1": ["a"]})
    q1 = result.questions[0]
    assert q1.chosen == ("a",)
    assert [(o.id, o.chosen, o.correct) for o in q1.options] == [("a", True, False), ("b", False, True)]
    assert q1.options[0].explanation == "“全网最甜”是绝对化用语。"


def test_unanswered_unknown_and_extra_choices_are_wrong(catalog):
    quiz = catalog.tasks["demo-quiz"]
    result = grade_quiz(quiz, {"q1": ["b", "zz"], "q2": ["a", "b", "c"], "nope": ["a"]})
    assert [q.correct for q in result.questions] == [False, False, False]
    assert result.score == 0


def test_grading_a_non_quiz_is_an_error(catalog):
    with pytest.raises(ValueError):
        grade_quiz(catalog.tasks["demo-copy"], {})


def test_suggest_track_sums_points(catalog):
    track, points, explanation = suggest_track(catalog.placement, {"p1": "b", "p2": "b", "p3": "a"})
    assert (track, points) == ("livestream", {"basic": 0, "livestream": 3})
    assert explanation == "你可以开始直播了。"


def test_suggest_track_ties_go_to_the_earlier_track(catalog):
    tie = suggest_track(catalog.placement, {"p3": "b"})
    assert tie.points == {"basic": 1, "livestream": 1} and tie.track == "basic"
    assert tie.explanation == "先把店开起来。"
    empty = suggest_track(catalog.placement, {})
    assert empty.points == {"basic": 0, "livestream": 0} and empty.track == "basic"


def test_suggest_track_ignores_unknown_answers(catalog):
    suggestion = suggest_track(catalog.placement, {"p1": "zz", "p2": "b", "p9": "a"})
    assert suggestion.points == {"basic": 0, "livestream": 1}
    assert suggestion.track == "livestream"
