"""The mentor's "who needs help" list on the cohort page and the per-learner page: reasons in
words, those who need help first, a fixed number of SQL statements whatever the cohort's size."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.clock import local_today, utcnow
from lms.extensions import db
from lms.models import Assignment, AttemptStatus, Lesson, LessonProgress, Role, Task, TaskAttempt
from lms.services.catalog import sync_catalog
from tests.conftest import (
    counting_statements,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)
from tests.helpers import MINI

_nonce = itertools.count()


@pytest.fixture
def group(app):
    sync_catalog(load_catalog(MINI))
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    return mentor, make_cohort(org, staff=mentor)


def task(slug: str) -> Task:
    return db.session.scalar(select(Task).where(Task.slug == slug))


def attempt(user, slug: str, *, score: int = 90, passed: bool = True, status: str = AttemptStatus.DONE,
            needs_review: bool = False, ago: int = 0) -> None:
    db.session.add(TaskAttempt(user_id=user.id, task_version_id=task(slug).current.id, nonce=f"n{next(_nonce)}",
                               answers={}, score=score, passed=passed, status=status, needs_review=needs_review,
                               critique={"score": score} if status == AttemptStatus.DONE else None,
                               created_at=utcnow() - timedelta(hours=ago)))
    db.session.commit()


def active(user, days: float = 0):
    user.last_active_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return user


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<a class="name" href="[^"]+">([^<]+)</a>', html)


def test_who_needs_help_comes_first_with_the_reason_in_words(client, group):
    mentor, cohort = group
    fine = active(make_learner(cohort, display_name="甲好好"))
    attempt(fine, "demo-copy", score=95)
    late = active(make_learner(cohort, display_name="乙逾期"))
    db.session.add(Assignment(learner_id=late.id, task_id=task("demo-copy").id,
                              due_on=local_today() - timedelta(days=1), note=""))
    db.session.commit()
    flagged = active(make_learner(cohort, display_name="丙违规"))
    attempt(flagged, "demo-copy", score=0, passed=False, needs_review=True)
    broken = active(make_learner(cohort, display_name="丁没点评"))
    attempt(broken, "demo-reply", status=AttemptStatus.FAILED, passed=False, score=0)
    stuck = active(make_learner(cohort, display_name="戊总不过"))
    attempt(stuck, "demo-reply", score=40, passed=False, ago=2)
    attempt(stuck, "demo-reply", score=50, passed=False, ago=1)
    away = active(make_learner(cohort, display_name="己没来"), days=9)
    never = make_learner(cohort, display_name="庚没登录")

    assert sign_in(client, mentor).status_code == 303
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    html = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    order = names_in_order(html)
    assert order == ["乙逾期", "丙违规", "丁没点评", "戊总不过", *sorted(["己没来", "庚没登录"]), "甲好好"]
    assert "7 名学员中有 6 人需要关注" in html
    for words in ("逾期作业：1 项", "有作业需要你看一下", "点评没有生成", "同一项作业多次没通过：1 项",
                  "7 天没来学习", "还没登录过"):
        assert words in html, words
    assert never.display_name in html and away.display_name in html
    assert "最近得分" in html and ">95 ✓<" in html.replace("</dd>", "<")


def test_the_dashboard_uses_the_same_number_of_queries_for_3_or_30_learners(client, group):
    """With tasks and lessons assigned to the group and to each learner, some read, some late."""
    mentor, cohort = group
    assert sign_in(client, mentor).status_code == 303
    url = f"/cohorts/{cohort.id}"
    one, two = (db.session.scalar(select(Lesson).where(Lesson.slug == slug)) for slug in ("demo-one", "demo-two"))
    db.session.add_all([
        Assignment(cohort_id=cohort.id, task_id=task("demo-copy").id, due_on=local_today() - timedelta(days=1)),
        Assignment(cohort_id=cohort.id, lesson_id=one.id, due_on=local_today() - timedelta(days=1))])
    db.session.commit()

    def statements_for(n: int) -> int:
        while len(cohort.memberships) - 1 < n:
            learner = active(make_learner(cohort))
            attempt(learner, "demo-copy", score=70 + len(cohort.memberships) % 30)
            attempt(learner, "demo-reply", score=30, passed=False)
            db.session.add(Assignment(learner_id=learner.id, lesson_id=two.id, due_on=local_today()))
            if len(cohort.memberships) % 2:
                db.session.add(LessonProgress(user_id=learner.id, lesson_id=one.id))
            db.session.commit()
            db.session.refresh(cohort)
        client.get(url)                       # warm
        with counting_statements(db) as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    assert statements_for(3) == statements_for(30)


def test_the_learner_page_shows_assignments_attempts_and_the_trend(client, group):
    mentor, cohort = group
    learner = active(make_learner(cohort, display_name="<img src=x onerror=alert(1)>"))
    db.session.add(Assignment(cohort_id=cohort.id, task_id=task("demo-reply").id,
                              due_on=local_today() - timedelta(days=2), note=""))
    db.session.commit()
    attempt(learner, "demo-copy", score=40, passed=False, ago=3)
    attempt(learner, "demo-copy", score=80, ago=2)
    attempt(learner, "demo-reply", status=AttemptStatus.FAILED, passed=False, score=0, ago=1)
    assert sign_in(client, mentor).status_code == 303
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    response = client.get(f"/cohorts/{cohort.id}/learners/{learner.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<circle") == 2                 # two scored attempts; the failed job has none
    assert "已逾期" in html and "点评没有生成" in html and "80 分 ✓" in html and "班级：还没分班" in html


def test_the_learner_page_is_404_for_other_groups_and_bad_ids(client, group):
    mentor, cohort = group
    learner = make_learner(cohort)
    elsewhere = make_learner(make_cohort())
    other_mentor = make_user(Role.MENTOR, org=make_org())
    make_cohort(other_mentor.org, staff=other_mentor)
    assert sign_in(client, mentor).status_code == 303
    for url in (f"/cohorts/{cohort.id}/learners/{elsewhere.id}", f"/cohorts/{cohort.id}/learners/999999",
                f"/cohorts/{cohort.id}/learners/9223372036854775808", f"/cohorts/999999/learners/{learner.id}"):
        assert client.get(url).status_code == 404, url
    other = client.application.test_client()
    assert sign_in(other, other_mentor).status_code == 303
    assert other.get(f"/cohorts/{cohort.id}/learners/{learner.id}").status_code == 404
    learner_client = client.application.test_client()
    assert sign_in(learner_client, learner).status_code == 303
    assert learner_client.get(f"/cohorts/{cohort.id}/learners/{learner.id}").status_code in (403, 404)
