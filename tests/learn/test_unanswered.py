"""A quiz or the placement quiz sent with questions left open: the page says which ones, each
question is marked (also for screen readers), and the choices already made stay ticked. All of it
is server side, so it works without JavaScript."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.models import Placement, TaskAttempt
from tests.helpers import RIGHT, form_post

QUIZ = "/learn/tasks/demo-quiz"


def fieldset(html: str, name: str) -> str:
    """The <fieldset> of one question, found by its id."""
    match = re.search(rf'<fieldset [^>]*id="{name}".*?</fieldset>', html, re.DOTALL)
    assert match, f"no question {name}"
    return match.group(0)


def ticked(html: str) -> set[tuple[str, str]]:
    """(name, value) of every ticked radio or checkbox."""
    return set(re.findall(r'name="([^"]+)" value="([^"]+)" checked', html))


def test_a_quiz_with_an_open_question_marks_it_and_keeps_the_choices(client, db, synced, login_as):
    login_as("learner")
    r = form_post(client, f"{QUIZ}/quiz", {"nonce": "open", "q-q1": "b", "q-q3": "false"}, QUIZ)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Please answer every question." in html
    assert db.session.scalar(select(func.count()).select_from(TaskAttempt)) == 0
    open_q = fieldset(html, "q-q2")
    assert 'class="card missing"' in open_q and "Not answered yet" in open_q
    assert open_q.count('aria-invalid="true"') == 3                # each option of q2
    assert 'aria-describedby="q-q2-err"' in open_q and 'id="q-q2-err"' in open_q
    for done in ("q-q1", "q-q3"):
        assert "missing" not in fieldset(html, done) and "aria-invalid" not in fieldset(html, done)
    assert html.count("Not answered yet<") == 1
    # the list at the top names question 2 only, as a link to it
    assert re.search(r'<a href="#q-q2">Question 2</a>', html)
    assert 'href="#q-q1"' not in html and 'href="#q-q3"' not in html
    assert ticked(html) == {("q-q1", "b"), ("q-q3", "false")}


def test_answering_the_marked_question_then_submits(client, db, synced, login_as):
    login_as("learner")
    form_post(client, f"{QUIZ}/quiz", {"nonce": "n1", "q-q1": "b"}, QUIZ)
    r = form_post(client, f"{QUIZ}/quiz", {"nonce": "n2", **RIGHT}, QUIZ)
    assert r.status_code == 303
    assert "Score 100" in client.get(r.location).get_data(as_text=True)


def test_an_empty_quiz_marks_every_question(client, synced, login_as):
    login_as("learner")
    html = form_post(client, f"{QUIZ}/quiz", {"nonce": "none"}, QUIZ).get_data(as_text=True)
    assert [n for n in ("q-q1", "q-q2", "q-q3") if "missing" in fieldset(html, n)] == ["q-q1", "q-q2", "q-q3"]


def _placement(option: str) -> dict[str, str]:
    return {f"p{i}": option for i in range(1, 11)}


def test_placement_with_open_questions_marks_them_and_keeps_the_choices(client, db, real_synced, login_as):
    login_as("learner")
    partial = {k: v for k, v in _placement("b").items() if k not in ("p4", "p9")}
    r = form_post(client, "/learn/placement", partial, "/learn/placement")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Please answer every question." in html
    assert [f"p{i}" for i in range(1, 11) if "missing" in fieldset(html, f"p{i}")] == ["p4", "p9"]
    assert re.search(r'<a href="#p4">Question 4</a>', html) and re.search(r'<a href="#p9">Question 9</a>', html)
    assert ticked(html) == set(partial.items())
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 0


def test_placement_suggestion_is_a_page_that_reloads(client, real_synced, login_as):
    login_as("learner")
    r = form_post(client, "/learn/placement", _placement("c"), "/learn/placement")
    assert r.status_code == 303 and r.location.startswith("/learn/placement/result?")
    for _ in range(2):
        page = client.get(r.location)
        assert page.status_code == 200 and "We suggest: Advanced track" in page.get_data(as_text=True)
    # a result link with answers missing goes back to the quiz instead of guessing
    back = client.get("/learn/placement/result?p1=a")
    assert back.status_code == 303 and back.location == "/learn/placement"
