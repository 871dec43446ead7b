"""Track placement: the placement quiz, the learner's choice, and a mentor's override."""

from __future__ import annotations

from functools import cache, lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from courses.loader import load_catalog
from courses.model import Placement as PlacementQuiz
from courses.placement import TrackSuggestion, suggest_track
from lms import permissions
from lms.extensions import db
from lms.models import Placement, Track, User
from lms.services.errors import Forbidden, Invalid, NotFound


@lru_cache(maxsize=1)
def placement_quiz() -> PlacementQuiz:
    """The placement questions from `courses/content/placement.yaml` (loaded once)."""
    return load_catalog().placement


def current_placement(user: User) -> Placement | None:
    """The learner's newest placement, or None if never placed."""
    return db.session.scalar(select(Placement).where(Placement.user_id == user.id)
                             .order_by(Placement.created_at.desc(), Placement.id.desc()))


def current_track_id(user: User) -> int | None:
    """The track id of the learner's newest placement (one column query), None if never placed."""
    return db.session.scalar(_track_id_statement(), {"uid": user.id})


@cache
def _track_id_statement():
    return (select(Placement.chosen_track_id).where(Placement.user_id == bindparam("uid"))
            .order_by(Placement.created_at.desc(), Placement.id.desc()).limit(1))


def _track(slug: str) -> Track:
    track = db.session.scalar(select(Track).where(Track.slug == slug, Track.is_active.is_(True)))
    if track is None:
        raise NotFound(_l("There is no such track."))
    return track


def suggest(answers: dict[str, str]) -> TrackSuggestion:
    """Suggest a track; every question must be answered with one of its options (Invalid
    with the unanswered question ids in details["unanswered"] if not)."""
    quiz = placement_quiz()
    unanswered = [q.id for q in quiz.questions
                  if answers.get(q.id) not in {o.id for o in q.options}]
    if unanswered:
        raise Invalid(_l("Please answer every question."), code="unanswered",
                      details={"unanswered": unanswered})
    return suggest_track(quiz, answers)


def do_choose_track(actor: User, answers: dict[str, str], chosen: str) -> Placement:
    """The learner accepts the suggested track or picks another after the quiz."""
    if not permissions.can_study(actor):
        raise Forbidden(_l("Only learners take the placement quiz."))
    suggestion = suggest(answers)
    placement = Placement(user_id=actor.id, suggested_track_id=_track(suggestion.track).id,
                          chosen_track_id=_track(chosen).id, answers=dict(answers))
    db.session.add(placement)
    db.session.commit()
    return placement


def do_override_track(actor: User, learner: User, slug: str) -> Placement:
    """A mentor or teacher places one of their learners on any track."""
    if not permissions.can_place_learner(actor, learner):
        raise NotFound(_l("There is no such learner in your groups."))
    placement = Placement(user_id=learner.id, chosen_track_id=_track(slug).id, set_by_id=actor.id)
    db.session.add(placement)
    db.session.commit()
    return placement


def placements_for(learners: list[User]) -> dict[int, Placement]:
    """Each learner's newest placement by user id (one query)."""
    ids = [u.id for u in learners]
    rows = db.session.scalars(select(Placement).where(Placement.user_id.in_(ids))
                              .order_by(Placement.created_at, Placement.id)) if ids else []
    return {p.user_id: p for p in rows}
