"""Printed, the gradebook is A4 landscape (a named @page) while the roster's sheet of sign-in
cards and a single card stay A4 portrait: the PDF Chromium makes from the page's own CSS page
size says so."""

from __future__ import annotations

import re

import pytest

from lms.models import OrgKind, Role
from tests.browser.test_gradebook_phone import village  # noqa: F401  (fixture)
from tests.conftest import PASSWORD, make_cohort, make_learner, make_org, make_user

pytestmark = pytest.mark.browser

A4 = (595, 842)   # points, portrait
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """Every page's size in whole points."""
    return {(round(float(w)), round(float(h))) for w, h in MEDIABOX.findall(pdf)}


def signed_in(browser, live_server, login: str, password: str):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()
    return context, page


def test_the_gradebook_prints_landscape(live_server, browser, village):  # noqa: F811
    context, page = signed_in(browser, live_server, "mentor1", "demo1234")
    page.goto(f"{live_server}/cohorts/{village.id}/gradebook")
    assert page.locator("table.grades").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert page_sizes(pdf) == {(A4[1], A4[0])}
    context.close()


def test_the_roster_card_sheet_and_a_single_card_print_portrait(live_server, browser, app, start_worker):
    mentor = make_user(Role.MENTOR, org=make_org(OrgKind.VILLAGE), username="print_mentor")
    cohort = make_cohort(mentor.org, staff=mentor)
    learner = make_learner(cohort, display_name="李大妈")
    context, page = signed_in(browser, live_server, mentor.username, PASSWORD)

    page.goto(f"{live_server}/cohorts/{cohort.id}/roster")
    rows = "姓名,手机号\n" + "".join(f"学员{i},1380013{i:04d}\n" for i in range(12))
    page.set_input_files("input[type=file]", files=[{"name": "名单.csv", "mimeType": "text/csv",
                                                     "buffer": rows.encode()}])
    with page.expect_navigation():
        page.locator("form[enctype] button.primary").click()
    start_worker()
    with page.expect_navigation():
        page.locator("form[action$='/roster/import'] button").click()
    page.wait_for_selector(".roster-cards .signin-card", timeout=90_000)    # the worker made them
    assert page.locator(".roster-cards .signin-card").count() == 12
    sheet = page.pdf(prefer_css_page_size=True)
    assert page_sizes(sheet) == {A4} and len(MEDIABOX.findall(sheet)) >= 2     # several portrait pages

    page.goto(f"{live_server}/cohorts/{cohort.id}/learners/{learner.id}/card")
    with page.expect_navigation():
        page.locator("form button").last.click()
    assert "/card/print" in page.url and page.locator(".signin-card").is_visible()
    assert page_sizes(page.pdf(prefer_css_page_size=True)) == {A4}
    context.close()
