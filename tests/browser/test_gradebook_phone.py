"""The gradebook on a 360×740 phone, in Chinese and English: the page never scrolls sideways, the
table scrolls inside its own box with the names in view, overdue is said in words, the CSV link
is there; printed (print media) the buttons and the header are gone and the table fits A4."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.clock import local_today
from lms.extensions import db
from lms.models import Assignment, AttemptStatus, Cohort, Membership, Task, TaskAttempt, User
from lms.services.catalog import sync_catalog
from tests.conftest import assert_fits_phone, make_learner

pytestmark = pytest.mark.browser
_nonce = itertools.count()


@pytest.fixture
def village(app, runner):
    """The demo village with a late learner, every copy/reply task given to the group and some scores."""
    sync_catalog(load_catalog())
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    mentor = db.session.scalar(select(User).where(User.username == "mentor1"))
    cohort = db.session.scalar(select(Cohort).join(Membership).where(Membership.user_id == mentor.id))
    late = make_learner(cohort, display_name="李落后<b>", username="li_behind")
    given = set(db.session.scalars(select(Assignment.task_id).where(Assignment.cohort_id == cohort.id)))
    for task in db.session.scalars(select(Task).where(Task.kind.in_(("copy", "reply"))).order_by(Task.id).limit(6)):
        if task.id not in given:
            db.session.add(Assignment(cohort_id=cohort.id, task_id=task.id, note="",
                                      due_on=local_today() - timedelta(days=2)))
        db.session.add(TaskAttempt(user_id=late.id, task_version_id=task.current.id, nonce=f"b{next(_nonce)}",
                                   answers={}, score=45, passed=False, status=AttemptStatus.DONE))
    db.session.commit()
    return cohort


@pytest.mark.parametrize("lang, words", [
    ("zh-CN", ("成绩单：", "下载 CSV（Excel）", "已逾期", "学员")),
    ("en", ("Gradebook: ", "Download CSV (Excel)", "overdue", "Learner")),
])
def test_the_gradebook_fits_a_phone_and_prints(live_server, browser, village, lang, words, tmp_path):
    title, download, overdue, learner_header = words
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale=lang, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", "mentor1")
    page.fill("input[name=password]", "demo1234")
    page.click("button.primary")
    page.wait_for_url("**/mentor/")
    page.goto(f"{live_server}/cohorts/{village.id}")
    page.locator(f"a[href='/cohorts/{village.id}/gradebook']").first.tap()
    page.wait_for_url(f"**/cohorts/{village.id}/gradebook")
    assert title in page.locator("h1").inner_text()
    assert page.get_by_role("link", name=download).is_visible()
    assert page.locator("table.grades thead th").first.inner_text() == learner_header
    row = page.locator("table.grades tbody tr", has_text="李落后<b>")
    assert overdue in row.inner_text()
    assert_fits_phone(page)
    box = page.locator(".table-scroll")
    widths = box.evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    assert widths[0] > widths[1] and widths[2] <= 360           # the table scrolls in its own box
    name = row.locator("th").first
    left = name.bounding_box()["x"]
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert name.bounding_box()["x"] == pytest.approx(left, abs=1)  # the names stay in view
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / f"gradebook-{lang}.png"))
    # printed: no header, buttons or links to other pages; the table fits an A4 page's width
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.get_by_role("link", name=download).is_visible()
    assert page.locator(".report-meta").is_visible()
    page.set_viewport_size({"width": 718, "height": 1047})       # A4 less 10 mm margins at 96 dpi
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 718
    page.pdf(path=str(tmp_path / f"gradebook-{lang}.pdf"), format="A4")
    context.close()
