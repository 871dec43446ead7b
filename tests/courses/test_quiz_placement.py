"""Quiz grading and placement suggestion."""
from __future__ import annotations

import pytest

from courses import DEFAULT_ROOT, grade_quiz, load_catalog, suggest_track
from courses.errors import Reporter
from courses.placement import parse_placement

TRACKS = ("basic", "livestream", "advanced")


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


# --- the shipped placement quiz -------------------------------------------------------------------

def _shipped_placement():
    """The real placement.yaml, parsed on its own so a draft course elsewhere cannot mask it."""
    errors: list = []
    text = (DEFAULT_ROOT / "placement.yaml").read_text(encoding="utf-8")
    placement = parse_placement(text, Reporter("placement.yaml", errors), TRACKS)
    assert placement is not None and not errors, errors
    return placement


def test_every_track_can_win_with_the_same_maximum():
    """No track is handicapped: the best answers for a track reach the same total for each."""
    placement = _shipped_placement()
    best = {t: sum(max(o.points.get(t, 0) for o in q.options) for q in placement.questions)
            for t in TRACKS}
    assert len(set(best.values())) == 1, best


@pytest.mark.parametrize(("profile", "track"), [
    # Just opened a shop, a few dozen orders, wants to go live, nervous but willing.
    ({"p1": "b", "p2": "b", "p3": "b", "p4": "b", "p5": "b", "p6": "b", "p7": "a", "p8": "a",
      "p9": "a", "p10": "b"}, "livestream"),
    # Streams now and then to few viewers, at ease on camera, sells the family's produce.
    ({"p1": "c", "p2": "b", "p3": "c", "p4": "b", "p5": "c", "p6": "c", "p7": "b", "p8": "a",
      "p9": "a", "p10": "b"}, "livestream"),
    # No shop yet, never streamed and not keen.
    ({"p1": "a", "p2": "a", "p3": "a", "p4": "a", "p5": "a", "p6": "a", "p7": "a", "p8": "a",
      "p9": "a", "p10": "a"}, "basic"),
    # A cooperative leader with a registered brand who reads the data.
    ({"p1": "c", "p2": "d", "p3": "c", "p4": "c", "p5": "d", "p6": "c", "p7": "c", "p8": "c",
      "p9": "c", "p10": "c"}, "advanced"),
])
def test_typical_villagers_are_placed_where_they_belong(profile, track):
    assert suggest_track(_shipped_placement(), profile).track == track
