"""A mentor on a 360×740 phone finds who is behind, reads why, opens that learner and puts them
on a track; in Chinese and in English, with no sideways scroll."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, Cohort, Membership, Task, User
from lms.services import placement
from lms.services.catalog import sync_catalog
from tests.conftest import assert_fits_phone, make_learner

pytestmark = pytest.mark.browser


@pytest.fixture
def village(app, runner):
    sync_catalog(load_catalog())
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    mentor = db.session.scalar(select(User).where(User.username == "mentor1"))
    cohort = db.session.scalar(select(Cohort).join(Membership).where(Membership.user_id == mentor.id))
    behind = make_learner(cohort, display_name="李落后", username="li_behind")
    task = db.session.scalar(select(Task).where(Task.kind == "copy").order_by(Task.id))
    db.session.add(Assignment(learner_id=behind.id, task_id=task.id, due_on=local_today() - timedelta(days=3),
                              note=""))
    db.session.commit()
    return cohort, behind


@pytest.mark.parametrize("lang, words", [("zh-CN", ("谁需要帮忙", "逾期作业：1 项", "详情", "班级：")),
                                         ("en", ("Who needs help", "Overdue tasks: 1", "Details", "Track: "))])
def test_a_mentor_finds_who_is_behind_and_places_them(live_server, browser, village, lang, words, tmp_path):
    cohort, behind = village
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", "mentor1")
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url("**/mentor/")
    page.goto(f"{live_server}/cohorts/{cohort.id}#learners")
    heading, reason, details, track = words
    assert page.get_by_role("heading", name=heading).is_visible()
    first = page.locator(".who li").first
    assert first.locator("a.name").inner_text() == "李落后"
    assert reason in first.inner_text()
    assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / f"dashboard-{lang}.png"), full_page=False)
    page.locator("details.choose:has(input[name=learner]) > summary").tap()   # tick some learners for a task
    assert page.locator(".ticks input[name=learner]").count() == len(page.locator(".who li").all())
    assert_fits_phone(page)
    first.get_by_role("link", name=details).tap()
    page.wait_for_url(f"**/cohorts/{cohort.id}/learners/{behind.id}")
    assert track in page.inner_text("main")
    assert_fits_phone(page)
    page.select_option("select[name=track]", "livestream")
    with page.expect_navigation():
        page.locator("form.inline:has(select[name=track]) button").tap()
    assert page.locator(".flash.success").is_visible()
    db.session.commit()   # end the test's read transaction: see what the server committed
    assert placement.current_placement(db.session.get(User, behind.id)).chosen_track.slug == "livestream"
    page.screenshot(path=str(tmp_path / f"learner-{lang}.png"), full_page=True)
    context.close()
