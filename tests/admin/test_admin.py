"""Admins add villages and schools and create staff accounts."""

from sqlalchemy import select

from lms.models import Organisation, User
from tests.conftest import PASSWORD, post_form, sign_in


def test_admin_adds_a_village_and_a_mentor_who_then_runs_a_group(app, client, login_as, db):
    login_as("admin")
    response = post_form(client, "/admin/organisations", {"kind": "village", "name": "石门村", "region": "湖南"},
                         token_from="/admin/")
    assert response.status_code == 303
    village = db.session.scalar(select(Organisation).where(Organisation.name == "石门村"))
    response = post_form(client, "/admin/staff", {
        "role": "mentor", "org_id": str(village.id), "display_name": "周导师", "username": "zhou_mentor",
        "phone": "", "password": PASSWORD}, token_from="/admin/")
    assert response.status_code == 303
    mentor = db.session.scalar(select(User).where(User.username == "zhou_mentor"))
    assert mentor.role == "mentor" and mentor.org_id == village.id and mentor.must_change_password
    mentor_phone = app.test_client()
    sign_in(mentor_phone, mentor)
    assert mentor_phone.get("/mentor/").headers["Location"].endswith("/auth/password")


def test_bad_admin_input_is_explained_and_nothing_is_created(client, login_as, db):
    login_as("admin")
    post_form(client, "/admin/organisations", {"kind": "school", "name": "一中"}, token_from="/admin/")
    dup = post_form(client, "/admin/organisations", {"kind": "school", "name": "一中"}, token_from="/admin/")
    assert dup.status_code == 400 and "已有同名单位" in dup.get_data(as_text=True)
    bad_kind = post_form(client, "/admin/organisations", {"kind": "factory", "name": "厂"}, token_from="/admin/")
    assert bad_kind.status_code == 400
    bad_org = post_form(client, "/admin/staff", {"role": "teacher", "org_id": "999", "display_name": "某",
                                                 "username": "ghost_t", "password": PASSWORD},
                        token_from="/admin/")
    assert bad_org.status_code == 400
    assert db.session.scalar(select(User).where(User.username == "ghost_t")) is None
    assert db.session.scalar(select(Organisation).where(Organisation.name == "厂")) is None
