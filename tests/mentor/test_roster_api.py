"""POST /api/v1/cohorts/<id>/roster (SPEC §3): multipart `file`, `?dry_run=1`; 200 with
{"created", "errors"}, all or nothing; staff who see the group only."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from lms.models import Membership, OrgKind, Role, User
from tests.conftest import api_headers, make_cohort, make_learner, make_org, make_user, post_form

GOOD = "用户名;姓名;手机号\n;王秀英;13800138000\nlijianguo;李建国;\n;张伟;\n".encode("gbk")


def members(db, cohort) -> int:
    return db.session.scalar(select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id))


def send(client, cohort_id, data: bytes | None, headers, query: str = ""):
    files = {"file": (io.BytesIO(data), "名单.csv")} if data is not None else {"note": "no file"}
    return client.post(f"/api/v1/cohorts/{cohort_id}/roster{query}", data=files, headers=headers,
                       content_type="multipart/form-data")


@pytest.fixture
def village(db):
    org = make_org(OrgKind.VILLAGE)
    mentor = make_user(Role.MENTOR, org=org)
    return mentor, make_cohort(org, staff=mentor)


def test_dry_run_lists_who_would_be_created_and_stores_nothing(client, village, db):
    mentor, cohort = village
    response = send(client, cohort.id, GOOD, api_headers(client, mentor), "?dry_run=1")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"created", "errors"} and body["errors"] == []
    assert [(c["line"], c["one_time_password"]) for c in body["created"]] == [(2, None), (3, None), (4, None)]
    assert body["created"][0]["username"] == "13800138000" and body["created"][1]["username"] == "lijianguo"
    assert members(db, cohort) == 1


def test_import_creates_everyone_with_a_one_time_password(app, client, village, db):
    mentor, cohort = village
    body = send(client, cohort.id, GOOD, api_headers(client, mentor)).get_json()
    assert body["errors"] == [] and [c["line"] for c in body["created"]] == [2, 3, 4]
    assert all(len(c["one_time_password"]) == 8 for c in body["created"])
    assert members(db, cohort) == 4
    first = body["created"][0]
    villager = app.test_client()
    assert post_form(villager, "/auth/login", {"login": first["username"],
                                               "password": first["one_time_password"]}).status_code == 303
    # the same file again: everyone is already there, nobody is created twice
    again = send(client, cohort.id, GOOD, api_headers(client, mentor)).get_json()
    assert again["created"] == [] and [e["line"] for e in again["errors"]] == [2, 2, 3, 3, 4]
    assert members(db, cohort) == 4


def test_any_error_creates_nobody(client, village, db):
    mentor, cohort = village
    make_learner(cohort, display_name="李建国")
    data = "姓名,手机号\n王秀英,13800138000\n李建国,\n张伟,555\n".encode()
    for query in ("", "?dry_run=1"):
        response = send(client, cohort.id, data, api_headers(client, mentor), query)
        assert response.status_code == 200
        body = response.get_json()
        assert body["created"] == []
        assert [e["line"] for e in body["errors"]] == [3, 4]
        assert "已经是成员了" in body["errors"][0]["message"]
    assert db.session.scalar(select(func.count(User.id)).where(User.display_name == "王秀英")) == 0


@pytest.mark.parametrize("data, code", [(None, "bad_request"), (b"", "empty"), ("姓名\n".encode(), "empty"),
                                        (b"\x00\x01\x02binary", "not_csv"), (b"foo,bar\n1,2\n", "bad_header"),
                                        (("姓名\n" + "人\n" * 10_000).encode(), "too_many_rows")],
                         ids=["no-file", "empty", "header-only", "binary", "wrong-columns", "10000-rows"])
def test_a_file_that_is_no_class_list_is_a_400(client, village, db, data, code):
    mentor, cohort = village
    response = send(client, cohort.id, data, api_headers(client, mentor))
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code
    assert members(db, cohort) == 1


def test_only_staff_who_see_the_group(client, village, db):
    mentor, cohort = village
    other = make_user(Role.MENTOR, org=make_org(OrgKind.VILLAGE))
    make_cohort(other.org, staff=other)
    teacher = make_user(Role.TEACHER, org=make_org(OrgKind.SCHOOL))
    learner = make_learner(cohort)
    admin = make_user(Role.ADMIN)
    assert send(client, cohort.id, GOOD, {}).status_code == 401
    for user, status in ((learner, 403), (other, 404), (teacher, 404)):
        response = send(client, cohort.id, GOOD, api_headers(client, user))
        assert response.status_code == status and response.is_json, user.role
    headers = api_headers(client, mentor)
    assert send(client, 999999, GOOD, headers).status_code == 404
    assert send(client, 99999999999999999999, GOOD, headers).status_code == 404
    assert members(db, cohort) == 2
    assert send(client, cohort.id, GOOD, api_headers(client, admin), "?dry_run=1").status_code == 200


def test_the_browser_session_needs_the_csrf_header(client, village, db):
    from tests.conftest import csrf_token, sign_in

    mentor, cohort = village
    sign_in(client, mentor)
    assert send(client, cohort.id, GOOD, {}).status_code == 400
    token = csrf_token(client, f"/cohorts/{cohort.id}/roster")
    assert send(client, cohort.id, GOOD, {"X-CSRFToken": token}, "?dry_run=1").status_code == 200
    assert members(db, cohort) == 1
