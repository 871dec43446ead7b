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


def school_strings() -> set[str]:
    found = set()
    for path in (ROOT / "lms/templates").rglob("*.html"):
        found |= set(STAFF_STRING.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", ["zh_Hans_CN", "en"])
def test_every_staff_string_has_school_wording_in_both_languages(lang):
    strings = school_strings()
    assert len(strings) >= 12
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
