"""A teacher's pages say 班级/学生 where a mentor's say 小组/学员, from one staff surface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lms.models import OrgKind, Role
from tests.conftest import make_cohort, make_learner, make_org, make_user, sign_in

ROOT = Path(__file__).resolve().parents[2]
STAFF_STRING = re.compile(r"""_s\(\s*"((?:[^"\\]|\\.)*)\"""")


PY_STAFF_STRING = re.compile(r"""staff_gettext\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")


def school_strings() -> set[str]:
    """Every staff string of the templates (_s) and of the staff views (staff_gettext, when the
    message is one literal)."""
    found = set()
    for path in (ROOT / "lms/templates").rglob("*.html"):
        found |= set(STAFF_STRING.findall(path.read_text(encoding="utf-8")))
    for path in (ROOT / "lms/staff").rglob("*.py"):
        found |= set(PY_STAFF_STRING.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", ["zh_Hans_CN", "en"])
def test_every_staff_string_has_school_wording_in_both_languages(lang):
    strings = school_strings()
    assert len(strings) >= 40
    with (ROOT / f"lms/translations/{lang}/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh)
    missing = [s for s in strings if not (catalog.get(s, context="school") and catalog.get(s, context="school").string)]
    assert not missing, missing


def _staff(role: Role, kind: OrgKind):
    user = make_user(role, org=make_org(kind))
    cohort = make_cohort(user.org, staff=user)
    cohort.name = "三年级一班" if kind == OrgKind.SCHOOL else "青山村"
    make_learner(cohort)
    return user, cohort


def test_a_teacher_reads_class_and_student_and_a_mentor_group_and_learner(app, client):
    teacher, klass = _staff(Role.TEACHER, OrgKind.SCHOOL)
    mentor, group = _staff(Role.MENTOR, OrgKind.VILLAGE)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, teacher).status_code == 303
    home = client.get("/school/").get_data(as_text=True)
    assert "新建班级" in home and "1 名学生" in home and "新建小组" not in home
    page = client.get(f"/cohorts/{klass.id}").get_data(as_text=True)
    assert "帮学生开账号" in page and "哪些学生需要帮忙" in page and "班里每个学生都会在首页看到" in page
    main = page.split("<main>")[1]
    assert "乡亲" not in main and "小组" not in main and "学员" not in main
    village = app.test_client()
    village.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(village, mentor).status_code == 303
    assert "新建小组" in village.get("/mentor/").get_data(as_text=True)
    main = village.get(f"/cohorts/{group.id}").get_data(as_text=True).split("<main>")[1]
    assert "谁需要帮忙" in main and "帮不方便自己注册的乡亲开账号" in main and "学生" not in main


def test_an_admin_on_a_class_page_reads_the_school_wording_in_english(app, client):
    _teacher, klass = _staff(Role.TEACHER, OrgKind.SCHOOL)
    admin = make_user(Role.ADMIN)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert sign_in(client, admin).status_code == 303
    page = client.get(f"/cohorts/{klass.id}").get_data(as_text=True)
    assert "Which students need help" in page and "Create a student account" in page


def test_every_page_a_teacher_opens_about_a_class_says_class_and_student(app, client):
    """The class page with its assign form, a student's page, the close, card and move
    confirmations, the review queue, and a student of another class: none says 小组 or 学员."""
    from courses.loader import load_catalog
    from lms.services.catalog import sync_catalog
    from tests.helpers import MINI

    sync_catalog(load_catalog(MINI))
    teacher, klass = _staff(Role.TEACHER, OrgKind.SCHOOL)
    other = make_cohort(teacher.org, staff=teacher)
    other.name = "三年级二班"
    student = make_learner(klass, display_name="王小明")
    stranger = make_learner(make_cohort(make_org(OrgKind.SCHOOL)))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, teacher).status_code == 303
    base = f"/cohorts/{klass.id}"
    pages = {
        "home": "/school/",
        "class": base,
        "student": f"{base}/learners/{student.id}",
        "close": f"{base}/close",
        "card": f"{base}/learners/{student.id}/card",
        "move": f"{base}/learners/{student.id}/move?target={other.id}",
        "reviews": "/reviews",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        main = response.get_data(as_text=True).split("<main>")[1]
        assert "小组" not in main and "学员" not in main, (name, re.findall(r".{20}(?:小组|学员).{20}", main))
    class_page = client.get(base).get_data(as_text=True)
    assert "给学生的说明（可不填）" in class_page and "最多学生数" in client.get("/school/").get_data(as_text=True)
    assert "还没有给这位学生布置作业。" in client.get(pages["student"]).get_data(as_text=True)
    missing = client.get(f"{base}/learners/{stranger.id}")
    assert missing.status_code == 404 and "没有找到这位学生。" in missing.get_data(as_text=True)
