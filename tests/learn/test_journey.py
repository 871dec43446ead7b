"""A learner works through the catalog: lessons, quizzes, drafts and progress percentages."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.models import Draft, TaskAttempt
from tests.helpers import RIGHT, form_post, percents


def _attempts(db) -> int:
    return db.session.scalar(select(func.count()).select_from(TaskAttempt))


def test_lesson_and_quiz_move_progress_on_home_track_and_course(client, db, synced, login_as):
    login_as("learner")
    assert percents(client.get("/learn/courses/demo").get_data(as_text=True)) == [0]
    r = form_post(client, "/learn/lessons/demo-one/done", {"go": "next"}, "/learn/lessons/demo-one")
    assert r.status_code == 303 and r.location.endswith("/learn/lessons/demo-two")
    # 6 items in the course (3 lessons, 3 tasks): one lesson is 17 %
    assert percents(client.get("/learn/courses/demo").get_data(as_text=True)) == [17]
    r = form_post(client, "/learn/tasks/demo-quiz/quiz", {"nonce": "n-1", **RIGHT}, "/learn/tasks/demo-quiz")
    assert r.status_code == 303
    html = client.get(r.location).get_data(as_text=True)
    assert "Score 100" in html and "Passed" in html
    assert percents(client.get("/learn/courses/demo").get_data(as_text=True)) == [33]
    track_page = client.get("/learn/tracks/basic").get_data(as_text=True)
    assert percents(track_page) == [33, 33]
    assert percents(client.get("/learn/").get_data(as_text=True))[0] == 33


def test_wrong_quiz_answers_get_per_option_explanations(client, synced, login_as):
    login_as("learner")
    r = form_post(client, "/learn/tasks/demo-quiz/quiz", {"nonce": "n-2", "q-q1": "a", "q-q2": "c", "q-q3": "true"}, "/learn/tasks/demo-quiz")
    html = client.get(r.location).get_data(as_text=True)
    assert "Score 0" in html and "Not passed yet" in html
    assert "“全网最甜”是绝对化用语。" in html   # explanation of the chosen option
    assert "只写事实。" in html                  # and of the right one


def test_quiz_double_submit_stores_one_attempt(client, db, synced, login_as):
    login_as("learner")
    data = {"nonce": "same-nonce", **RIGHT}
    first = form_post(client, "/learn/tasks/demo-quiz/quiz", data, "/learn/tasks/demo-quiz")
    second = form_post(client, "/learn/tasks/demo-quiz/quiz", data, "/learn/tasks/demo-quiz")
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert "Score 100" in client.get(second.location).get_data(as_text=True)
    assert _attempts(db) == 1


def test_bad_quiz_input_gets_a_clear_message_and_no_attempt(client, db, synced, login_as):
    login_as("learner")
    cases = [
        ({"nonce": "b1"}, "Please answer every question"),
        ({"nonce": "b1", "q-q1": "b", "q-q3": "false"}, "Please answer every question"),
        ({"nonce": "b2", "q-q1": "zz"}, "do not belong to this quiz"),
        ({"nonce": "b3", "q-nope": "a"}, "do not belong to this quiz"),
        ({"nonce": "b4", "q-q1": ["a", "b", "a"]}, "do not belong to this quiz"),
        ({"nonce": "", "q-q1": "a"}, "expired"),
        ({"nonce": "b5", "q-q1": "b", "version": "99999"}, "has changed"),
        ({"nonce": "b6", **{f"q-x{i}": "a" for i in range(500)}}, "Too many answers"),
    ]
    for data, message in cases:
        r = form_post(client, "/learn/tasks/demo-quiz/quiz", data, "/learn/tasks/demo-quiz")
        assert r.status_code == 400, data
        assert message in r.get_data(as_text=True), data
    assert _attempts(db) == 0


def test_quiz_route_rejects_non_quiz_and_unknown_tasks(client, synced, login_as):
    login_as("learner")
    assert form_post(client, "/learn/tasks/demo-copy/quiz", {"nonce": "x", "q-q1": "a"},
                     "/learn/tasks/demo-copy").status_code == 404
    assert client.get("/learn/tasks/no-such-task").status_code == 404


def test_huge_payload_is_refused(client, db, synced, login_as, app):
    login_as("learner")
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or 1_000_000
    big = "a" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    r = form_post(client, "/learn/tasks/demo-quiz/quiz", {"nonce": "big", "q-q1": big}, "/learn/tasks/demo-quiz")
    assert r.status_code in (400, 413)
    assert _attempts(db) == 0


def test_exemplar_is_hidden_before_a_pass_or_three_attempts(client, synced, login_as):
    login_as("learner")
    copy_page = client.get("/learn/tasks/demo-copy").get_data(as_text=True)
    assert "opens after you pass or after three attempts" in copy_page
    assert "现摘现发" not in copy_page


def test_draft_is_saved_and_shown_again(client, db, synced, login_as):
    user = login_as("learner")
    r = form_post(client, "/learn/tasks/demo-copy/draft", {"title": "赣南脐橙 5斤", "body": "<b>甜</b>"},
                  "/learn/tasks/demo-copy")
    assert r.status_code == 303
    draft = db.session.scalar(select(Draft).where(Draft.user_id == user.id))
    assert draft.fields == {"title": "赣南脐橙 5斤", "body": "<b>甜</b>"}
    html = client.get("/learn/tasks/demo-copy").get_data(as_text=True)
    assert "&lt;b&gt;甜&lt;/b&gt;" in html and "<b>甜</b>" not in html
    too_long = form_post(client, "/learn/tasks/demo-copy/draft", {"body": "字" * 5001}, "/learn/tasks/demo-copy")
    assert too_long.status_code == 400


def test_lesson_page_shows_minutes_key_points_and_resolved_links(client, synced, login_as):
    login_as("learner")
    html = client.get("/learn/lessons/demo-one").get_data(as_text=True)
    assert "About" in html and "Key points" in html and 'id="say" hidden' in html
    assert 'href="/learn/lessons/demo-two"' in html and 'href="/learn/tasks/demo-copy"' in html
    assert "lesson:demo-two" not in html


def test_staff_cannot_open_learner_pages(client, synced, login_as):
    login_as("mentor")
    assert client.get("/learn/lessons/demo-one").status_code == 403
