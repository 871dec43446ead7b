"""The note staff type for learners ("给学员的说明") reaches them: on their home page and on the
task page, escaped, once per note, from a group or a personal assignment."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Membership, Task
from tests.conftest import make_cohort, make_learner, sign_in
from tests.helpers import mini_group


def test_the_note_shows_on_the_learners_home_and_task_page(client, app):
    _mentor, cohort, tasks = mini_group()
    learner = make_learner(cohort)
    other = make_cohort()
    db.session.add(Membership(cohort_id=other.id, user_id=learner.id, role="learner"))
    copy = tasks["demo-copy"]
    db.session.add_all([
        Assignment(cohort_id=cohort.id, task_id=copy.id, due_on=local_today() + timedelta(days=3),
                   note="周五前交，写清楚<b>产地</b>"),
        Assignment(cohort_id=other.id, task_id=copy.id, due_on=local_today() + timedelta(days=5),
                   note="周五前交，写清楚<b>产地</b>"),             # the same words twice: shown once
        Assignment(learner_id=learner.id, task_id=tasks["demo-reply"].id,
                   due_on=local_today() + timedelta(days=1), note="王姐，先看第二课再写"),
        Assignment(cohort_id=cohort.id, task_id=tasks["demo-quiz"].id,
                   due_on=local_today() + timedelta(days=2), note=""),
    ])
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, learner).status_code == 303
    home = client.get("/learn/").get_data(as_text=True)
    assert home.count("周五前交，写清楚&lt;b&gt;产地&lt;/b&gt;") == 1 and "<b>产地</b>" not in home
    assert "王姐，先看第二课再写" in home
    assert home.count("给你的说明：") == 2                      # the quiz had no note
    page = client.get(f"/learn/tasks/{copy.slug}").get_data(as_text=True)
    assert "给你的说明：" in page and "周五前交，写清楚&lt;b&gt;产地&lt;/b&gt;" in page
    assert "王姐" not in page
    quiz = client.get(f"/learn/tasks/{tasks['demo-quiz'].slug}").get_data(as_text=True)
    assert "给你的说明：" not in quiz


def test_another_learners_personal_note_is_not_shown(client, app):
    _mentor, cohort, tasks = mini_group()
    me, them = make_learner(cohort), make_learner(cohort)
    db.session.add(Assignment(learner_id=them.id, task_id=tasks["demo-copy"].id,
                              due_on=local_today() + timedelta(days=1), note="只给另一位学员"))
    db.session.commit()
    assert sign_in(client, me).status_code == 303
    assert "只给另一位学员" not in client.get("/learn/").get_data(as_text=True)
    slug = db.session.scalar(select(Task.slug).where(Task.id == tasks["demo-copy"].id))
    assert "只给另一位学员" not in client.get(f"/learn/tasks/{slug}").get_data(as_text=True)
