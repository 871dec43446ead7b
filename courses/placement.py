"""The placement quiz: parse `placement.yaml` and suggest a track from answers."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from courses.errors import Reporter
from courses.fields import Fields
from courses.model import Placement, PlacementOption, PlacementQuestion
from courses.yamlsrc import YList, parse_yaml


class TrackSuggestion(NamedTuple):
    """The suggested track, points per track, and why (unpacks as a 3-tuple)."""

    track: str
    points: dict[str, int]
    explanation: str


def suggest_track(placement: Placement, answers: Mapping[str, str]) -> TrackSuggestion:
    """Sum the points of the chosen options; most points wins, ties go to the earlier track.

    `answers` maps question id -> option id; unknown ids and unanswered questions count 0.
    """
    points = {slug: 0 for slug in placement.tracks}
    for question in placement.questions:
        chosen = answers.get(question.id)
        for option in question.options:
            if option.id == chosen:
                for track, n in option.points.items():
                    points[track] = points.get(track, 0) + n
    best = max(placement.tracks, key=lambda slug: (points[slug], -placement.tracks.index(slug)))
    return TrackSuggestion(best, points, placement.explanations[best])


def parse_placement(text: str, reporter: Reporter, tracks: tuple[str, ...]) -> Placement | None:
    """Validate placement.yaml against the known track slugs; None on any error.

    With no known tracks (tracks.yaml itself is broken) track names are not checked,
    so one broken file does not bury the report in follow-on errors.
    """
    data = parse_yaml(text, reporter)
    if reporter.count:
        return None
    f = Fields(reporter, data, "placement")
    minutes = f.integer("minutes", 1, 30)
    items = f.items("questions", 3, 20) or YList()
    questions, seen = [], set()
    for i, item in enumerate(items):
        q = Fields(reporter, item, f"placement question {i + 1}", items.lines[i])
        qid = q.ident()
        if qid is not None and qid in seen:
            q.error("id", f"duplicate question id '{qid}'")
        seen.add(qid)
        prompt = q.text("prompt")
        options = _options(q, reporter, tracks)
        q.done()
        if not q.failed:
            questions.append(PlacementQuestion(qid, prompt, options))
    explanations = _explanations(f, tracks)
    f.done()
    if reporter.count:
        return None
    return Placement(minutes, tuple(questions), explanations, tracks)


def _options(q: Fields, reporter: Reporter, tracks: tuple[str, ...]) -> tuple[PlacementOption, ...]:
    items = q.items("options", 2, 6) or YList()
    result, seen = [], set()
    for i, item in enumerate(items):
        o = Fields(reporter, item, f"{q.what} option {i + 1}", items.lines[i])
        oid = o.ident()
        if oid is not None and oid in seen:
            o.error("id", f"duplicate option id '{oid}'")
        seen.add(oid)
        text = o.text("text")
        points: dict[str, int] = {}
        p = o.sub("points", f"{o.what} points", required=False)
        if p is not None:
            for track in p.m:
                if tracks and track not in tracks:
                    p.error(track, f"unknown track '{track}' (known: {', '.join(tracks)})")
                else:
                    n = p.integer(track, 0, 10)
                    if n is not None:
                        points[track] = n
                p.seen.add(track)
        o.done()
        if not o.failed:
            result.append(PlacementOption(oid, text, points))
    return tuple(result)


def _explanations(f: Fields, tracks: tuple[str, ...]) -> dict[str, str]:
    e = f.sub("explanations")
    if e is None:
        return {}
    result = {}
    for track in tracks or [str(k) for k in e.m]:
        value = e.text(track)
        if value:
            result[track] = value
    e.done()
    return result
