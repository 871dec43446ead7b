"""GET /api/v1/tasks: the learner's tasks as JSON."""

from __future__ import annotations

from lms.services import placement
from tests.conftest import api_headers, make_learner


def test_tasks_of_the_placed_track(client, db, real_synced):
    learner = make_learner()
    answers = {f"p{i}": "b" for i in range(1, 11)}
    placement.do_choose_track(learner, answers, "livestream")
    r = client.get("/api/v1/tasks", headers=api_headers(client, learner))
    assert r.status_code == 200
    items = r.json
    assert items and {t["track"] for t in items} == {"livestream"}
    expected = {t.slug for c in real_synced.track("livestream").courses for t in c.tasks}
    assert {t["slug"] for t in items} == expected
    first = items[0]
    assert set(first) == {"id", "slug", "kind", "title", "track", "course", "due_at"}
    assert first["due_at"] is None and first["kind"] in ("quiz", "copy", "reply", "livestream")


def test_tasks_needs_a_learner_token(client, real_synced, login_as):
    assert client.get("/api/v1/tasks").status_code == 401
    mentor = login_as("mentor")
    r = client.get("/api/v1/tasks", headers=api_headers(client, mentor))
    assert r.status_code == 403 and r.json["error"]["code"]
