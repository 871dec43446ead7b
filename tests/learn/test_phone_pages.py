"""Learner pages in headless Chromium at 360×740: fit the screen, big targets, quiz without JS."""

from __future__ import annotations

import pytest

from lms.clock import local_today
from lms.services import placement
from tests.conftest import PASSWORD, assert_fits_phone, make_learner

pytestmark = pytest.mark.browser


@pytest.fixture
def placed(app, real_synced):
    learner = make_learner()
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "basic")
    return learner


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/learn/")


def test_home_lesson_and_quiz_fit_a_phone(live_server, phone, placed, real_synced):
    _sign_in(phone, live_server, placed)
    assert phone.locator(".bar").count() == 3
    assert_fits_phone(phone)
    phone.click("a.btn.primary")          # continue learning
    phone.wait_for_url("**/learn/lessons/**")
    assert phone.locator(".keys li").count() >= 1
    assert phone.locator("#say").is_visible() == phone.evaluate("'speechSynthesis' in window")
    assert_fits_phone(phone)
    quiz = next(t for t in real_synced.tasks.values() if t.kind == "quiz" and t.track == "basic")
    phone.goto(f"{live_server}/learn/tasks/{quiz.slug}")
    assert_fits_phone(phone)
    for q in quiz.questions:
        phone.locator(f"input[name='q-{q.id}']").first.check()
    phone.click("button[data-once]")
    phone.wait_for_selector(".result")
    assert_fits_phone(phone)


def test_quiz_works_with_javascript_off(live_server, browser, placed, real_synced):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                                  locale="en", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _sign_in(page, live_server, placed)
        quiz = next(t for t in real_synced.tasks.values() if t.kind == "quiz" and t.track == "basic")
        page.goto(f"{live_server}/learn/tasks/{quiz.slug}")
        for q in quiz.questions:
            for option in q.options:
                if option.correct:
                    page.locator(f"input[name='q-{q.id}'][value='{option.id}']").check()
        page.click("button[data-once]")
        page.wait_for_selector(".result.pass")
        assert "Score 100" in page.inner_text(".result")
        assert page.locator("#say").is_hidden()
        assert_fits_phone(page)
    finally:
        context.close()


def test_home_with_assigned_tasks_fits_a_phone(live_server, phone, placed, real_synced, db):
    from datetime import timedelta

    from sqlalchemy import select

    from lms.models import Role, Task
    from lms.services import assignments
    from tests.conftest import make_user

    staff = make_user(Role.ADMIN)
    cohort = placed.memberships[0].cohort
    slugs = [t.slug for t in real_synced.tasks.values() if t.track == "advanced"][:3]
    for offset, slug in enumerate(slugs):
        task = db.session.scalar(select(Task).where(Task.slug == slug))
        made = assignments.do_assign(staff, cohort, task.id, local_today() + timedelta(days=offset))
        if offset == 0:
            made.due_on -= timedelta(days=2)   # one overdue
    db.session.commit()
    _sign_in(phone, live_server, placed)
    assert phone.locator("#assigned li").count() == 3
    assert phone.locator("#assigned .tag.no").count() == 1
    assert_fits_phone(phone)
    phone.click("#assigned a.row >> nth=0")
    phone.wait_for_url(f"**/learn/tasks/{slugs[0]}")
    assert phone.locator(".due").count() == 1
    assert_fits_phone(phone)
