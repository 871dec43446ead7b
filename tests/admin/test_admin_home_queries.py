"""The admin home lists every group with its village or school in a fixed number of queries."""

import pytest

from lms.models import OrgKind
from tests.conftest import counting_statements, make_cohort, make_learner, make_org


def admin_home_statements(client, db, groups: int, start: int = 0) -> tuple[list[str], str]:
    for i in range(start, start + groups):
        cohort = make_cohort(make_org(OrgKind.SCHOOL if i % 2 else OrgKind.VILLAGE, name=f"单位{i:02d}"))
        make_learner(cohort)
    db.session.expire_all()
    with counting_statements(db) as statements:
        response = client.get("/admin/")
    assert response.status_code == 200
    return statements, response.get_data(as_text=True)


@pytest.mark.parametrize("groups", [3, 30])
def test_admin_home_names_each_groups_organisation(client, db, login_as, groups):
    login_as("admin")
    _statements, html = admin_home_statements(client, db, groups)
    for i in range(groups):
        assert f"· 单位{i:02d} · " in html


def test_admin_home_query_count_does_not_grow_with_the_groups(app, client, db, login_as):
    login_as("admin")
    few, _ = admin_home_statements(client, db, 3)
    many, _ = admin_home_statements(client, db, 27, start=3)     # 30 groups in 30 organisations now
    assert len(many) == len(few), "\n".join(many)


def test_the_cohort_list_loads_organisations_with_the_groups(app, db, login_as):
    """Not by luck of the identity map: a fresh session, then every group's organisation."""
    from lms.models import User
    from lms.services import orgs

    admin_id = login_as("admin").id
    counts = []
    for groups, new in ((3, 3), (30, 27)):
        for _ in range(new):
            make_cohort(make_org())
        db.session.expunge_all()
        admin = db.session.get(User, admin_id)
        with counting_statements(db) as statements:
            names = [c.org.name for c in orgs.visible_cohorts(admin)]
        assert len(names) == groups
        counts.append(len(statements))
    assert counts[0] == counts[1] == 1        # the groups with their organisations


def test_api_cohort_list_query_count_does_not_grow(app, client, db):
    from lms.models import Role
    from tests.conftest import api_headers, make_user

    admin = make_user(Role.ADMIN)
    auth = api_headers(client, admin)
    counts = []
    for groups in (3, 27):
        for _ in range(groups):
            make_cohort(make_org())
        db.session.expunge_all()
        with counting_statements(db) as statements:
            response = client.get("/api/v1/cohorts", headers=auth)
        assert response.status_code == 200
        counts.append(len(statements))
    assert len(response.get_json()) == 30 and counts[0] == counts[1]
