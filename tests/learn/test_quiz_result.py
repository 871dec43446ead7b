"""A quiz answer lands on a result page of its own (POST → 303 → GET): it reloads, comes back
from history and from a link, and only its owner can read it."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.models import MemberRole, Membership, Role, TaskAttempt
from tests.conftest import make_learner, make_user, sign_in
from tests.helpers import RIGHT, form_post

QUIZ = "/learn/tasks/demo-quiz"


def _submit(client, data: dict):
    return form_post(client, f"{QUIZ}/quiz", data, QUIZ)


def _attempts(db) -> int:
    return db.session.scalar(select(func.count()).select_from(TaskAttempt))


def test_quiz_result_is_a_page_that_can_be_reloaded_and_revisited(client, db, synced, login_as):
    login_as("learner")
    r = _submit(client, {"nonce": "r-1", **RIGHT})
    assert r.status_code == 303 and r.location.startswith("/learn/submissions/")
    for _ in range(2):                                     # a reload is a plain GET again
        page = client.get(r.location)
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "Score 100" in html and "Passed" in html
        assert "只写事实。" in html                            # per-option explanations
        assert "Quiz result: attempt 1" in html
    assert _attempts(db) == 1
    task_page = client.get(QUIZ).get_data(as_text=True)   # the task lists the attempt, linked
    assert f'href="{r.location}"' in task_page and "score 100" in task_page


def test_each_quiz_attempt_keeps_its_own_page(client, db, synced, login_as):
    login_as("learner")
    wrong = {**RIGHT, "q-q1": "a", "q-q3": "true"}   # 1 of 3 right: not passed
    first = _submit(client, {"nonce": "a-1", **wrong}).location
    second = _submit(client, {"nonce": "a-2", **RIGHT}).location
    assert first != second
    one, two = client.get(first).get_data(as_text=True), client.get(second).get_data(as_text=True)
    assert "Not passed yet" in one and "attempt 1" in one
    assert "Score 100" in two and "attempt 2" in two and f'href="{first}"' in two


def test_the_same_nonce_twice_lands_on_the_first_result(client, db, synced, login_as):
    login_as("learner")
    first = _submit(client, {"nonce": "tap", **RIGHT})
    again = _submit(client, {"nonce": "tap", **RIGHT, "q-q1": "a"})
    assert first.status_code == again.status_code == 303 and first.location == again.location
    assert "Score 100" in client.get(again.location).get_data(as_text=True)
    assert _attempts(db) == 1


def test_quiz_result_is_404_for_another_learner_and_for_unknown_ids(client, db, synced, login_as):
    login_as("learner")
    url = _submit(client, {"nonce": "mine", **RIGHT}).location
    attempt_id = int(url.rsplit("/", 1)[1])
    for path in (f"/learn/submissions/{attempt_id + 1}", "/learn/submissions/99999999999",
                 f"{url}/audio"):                          # a quiz attempt has no recording
        assert client.get(path).status_code == 404, path
    other = client.application.test_client()
    sign_in(other, make_learner())
    assert other.get(url).status_code == 404               # not 403: its existence is not told


def test_staff_get_the_same_answer_for_a_real_and_an_unknown_quiz_attempt(app, client, db, synced, login_as):
    learner = login_as("learner")
    url = _submit(client, {"nonce": "seen", **RIGHT}).location
    cohort = learner.memberships[0].cohort
    mentor = make_user(Role.MENTOR, org=cohort.org)        # this learner's own mentor
    db.session.add(Membership(cohort_id=cohort.id, user_id=mentor.id, role=MemberRole.MENTOR.value))
    db.session.commit()
    staff = app.test_client()
    sign_in(staff, mentor)
    # learner pages are for learners: staff are refused alike, whatever the id
    assert staff.get(url).status_code == staff.get("/learn/submissions/99999").status_code == 403
