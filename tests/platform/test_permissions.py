"""Every role × every protected URL, and the pure predicates behind them."""

from datetime import date

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms import permissions
from lms.models import Assignment, OrgKind, Role, Task
from lms.services.catalog import sync_catalog
from tests.conftest import api_headers, make_cohort, make_learner, make_org, make_user, sign_in
from tests.helpers import MINI


@pytest.fixture
def world(db):
    """Two villages and a school, each with staff and learners."""
    village, other_village, school = make_org(OrgKind.VILLAGE), make_org(OrgKind.VILLAGE), make_org(OrgKind.SCHOOL)
    mentor = make_user(Role.MENTOR, org=village)
    other_mentor = make_user(Role.MENTOR, org=other_village)
    teacher = make_user(Role.TEACHER, org=school)
    admin = make_user(Role.ADMIN)
    own = make_cohort(village, staff=mentor)
    foreign = make_cohort(other_village, staff=other_mentor)
    school_class = make_cohort(school)  # teacher sees it through the school, not membership
    sync_catalog(load_catalog(MINI))
    task = db.session.scalar(select(Task).where(Task.slug == "demo-quiz"))
    foreign_assignment = Assignment(cohort_id=foreign.id, task_id=task.id, due_on=date(2099, 1, 1))
    db.session.add(foreign_assignment)
    db.session.commit()
    return {
        "foreign_assignment": foreign_assignment,
        "learner": make_learner(own), "mentor": mentor, "teacher": teacher, "admin": admin,
        "other_mentor": other_mentor, "own": own, "foreign": foreign, "school_class": school_class,
        "foreign_learner": make_learner(foreign), "school_learner": make_learner(school_class),
    }


ROLES = ["anon", "learner", "mentor", "teacher", "admin"]


def fill(url: str, world: dict) -> str:
    """A URL template with the world's cohort ids filled in."""
    return url.format(own=world["own"].id, foreign=world["foreign"].id,
                      school_class=world["school_class"].id, learner=world["learner"].id,
                      foreign_learner=world["foreign_learner"].id, school_learner=world["school_learner"].id)

# url template → expected status per role (anon, learner, mentor, teacher, admin)
MATRIX = {
    "/learn/": (302, 200, 403, 403, 403),
    "/mentor/": (302, 403, 200, 403, 403),
    "/school/": (302, 403, 403, 200, 403),
    "/admin/": (302, 403, 403, 403, 200),
    "/cohorts/{own}": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}": (302, 403, 404, 404, 200),
    "/cohorts/{school_class}": (302, 403, 404, 200, 200),
    "/cohorts/999999": (302, 403, 404, 404, 404),
    "/auth/password": (302, 200, 200, 200, 200),
    "/cohorts/{own}/learners/{learner}": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}/learners/{foreign_learner}": (302, 403, 404, 404, 200),
    "/cohorts/{own}/learners/{foreign_learner}": (302, 403, 404, 404, 404),
    "/cohorts/{school_class}/learners/{school_learner}": (302, 403, 404, 200, 200),
    "/cohorts/{own}/learners/999999": (302, 403, 404, 404, 404),
    # a card page shows only a password its viewer just made; anyone else allowed reads "shown once"
    "/cohorts/{own}/learners/{learner}/card/print": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}/learners/{foreign_learner}/card/print": (302, 403, 404, 404, 200),
    "/cohorts/{own}/learners/{foreign_learner}/card/print": (302, 403, 404, 404, 404),
    "/cohorts/{own}/roster": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}/roster": (302, 403, 404, 404, 200),
    "/cohorts/{school_class}/roster": (302, 403, 404, 200, 200),
    "/cohorts/999999/roster": (302, 403, 404, 404, 404),
    "/cohorts/{own}/gradebook": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}/gradebook": (302, 403, 404, 404, 200),
    "/cohorts/{school_class}/gradebook": (302, 403, 404, 200, 200),
    "/cohorts/999999/gradebook": (302, 403, 404, 404, 404),
    "/cohorts/{own}/gradebook.csv": (302, 403, 200, 404, 200),
    "/cohorts/{foreign}/gradebook.csv": (302, 403, 404, 404, 200),
    "/cohorts/9223372036854775808/gradebook.csv": (404, 404, 404, 404, 404),  # no route matches
    "/reviews": (302, 403, 200, 200, 200),
    "/reviews/999999": (302, 403, 404, 404, 404),
    "/admin/users": (302, 403, 403, 403, 200),
    "/admin/users?q=%25_&page=-1": (302, 403, 403, 403, 200),
    "/admin/users?role=boss": (302, 403, 403, 403, 400),
    "/admin/users/{learner}/password": (302, 403, 403, 403, 200),
    "/admin/users/{foreign_learner}/deactivate": (302, 403, 403, 403, 200),
    "/admin/users/999999/password": (302, 403, 403, 403, 404),
    "/admin/users/{learner}/card": (302, 403, 403, 403, 200),
    "/admin/users/999999/card": (302, 403, 403, 403, 404),
    "/admin/users/999999/deactivate": (302, 403, 403, 403, 404),
    "/admin/catalog": (302, 403, 403, 403, 200),
    "/admin/catalog/sync": (302, 403, 403, 403, 200),
}


@pytest.mark.parametrize("url", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_role_url_matrix(app, world, url, role):
    client = app.test_client()
    if role != "anon":
        assert sign_in(client, world[role]).status_code == 303
    target = fill(url, world)
    response = client.get(target)
    assert response.status_code == MATRIX[url][ROLES.index(role)], (role, target)
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]


# JSON API GETs with a bearer token: 401 without one, 403 for the wrong role, 404 for a cohort
# the caller cannot see (anon, learner, mentor, teacher, admin)
API = {
    "/api/v1/me": (401, 200, 200, 200, 200),
    "/api/v1/tasks": (401, 200, 403, 403, 403),
    "/api/v1/cohorts": (401, 403, 200, 200, 200),
    "/api/v1/cohorts/{own}/assignments": (401, 403, 200, 404, 200),
    "/api/v1/cohorts/{foreign}/assignments": (401, 403, 404, 404, 200),
    "/api/v1/cohorts/{own}/progress": (401, 403, 200, 404, 200),
    "/api/v1/cohorts/{foreign}/progress": (401, 403, 404, 404, 200),
    "/api/v1/cohorts/{school_class}/progress": (401, 403, 404, 200, 200),
    "/api/v1/cohorts/999999/progress": (401, 403, 404, 404, 404),
    "/api/v1/cohorts/{own}/gradebook": (401, 403, 200, 404, 200),
    "/api/v1/cohorts/{foreign}/gradebook": (401, 403, 404, 404, 200),
    "/api/v1/cohorts/{school_class}/gradebook": (401, 403, 404, 200, 200),
    "/api/v1/cohorts/999999/gradebook": (401, 403, 404, 404, 404),
    "/api/v1/cohorts/9223372036854775808/gradebook": (404, 404, 404, 404, 404),  # no route matches
    "/api/v1/reviews": (401, 403, 200, 200, 200),
}


@pytest.mark.parametrize("url", list(API))
@pytest.mark.parametrize("role", ROLES)
def test_role_api_matrix(app, world, url, role):
    client = app.test_client()
    headers = api_headers(client, world[role]) if role != "anon" else {}
    target = fill(url, world)
    response = client.get(target, headers=headers)
    assert response.status_code == API[url][ROLES.index(role)], (role, target)
    assert response.is_json


POSTS = {
    "card_own": ("/cohorts/{own}/learners/{learner}/card", (302, 403, 303, 404, 303)),
    "card_foreign": ("/cohorts/{foreign}/learners/{foreign_learner}/card", (302, 403, 404, 404, 303)),
    "card_cross": ("/cohorts/{own}/learners/{foreign_learner}/card", (302, 403, 404, 404, 404)),
    "enrol_foreign": ("/cohorts/{foreign}/learners", (302, 403, 404, 404, 400)),
    # assignments: an empty form is 400 where allowed; 404 for a group or assignment not yours
    "assign_own": ("/cohorts/{own}/assignments", (302, 403, 400, 404, 400)),
    "assign_foreign": ("/cohorts/{foreign}/assignments", (302, 403, 404, 404, 400)),
    "redate_foreign": ("/cohorts/{foreign}/assignments/{foreign_assignment}/due", (302, 403, 404, 404, 400)),
    "redate_cross": ("/cohorts/{own}/assignments/{foreign_assignment}/due", (302, 403, 404, 404, 404)),
    "remove_foreign": ("/cohorts/{foreign}/assignments/{foreign_assignment}/delete", (302, 403, 404, 404, 303)),
    "remove_cross": ("/cohorts/{own}/assignments/{foreign_assignment}/delete", (302, 403, 404, 404, 404)),
    "close_own": ("/cohorts/{own}/close", (302, 403, 303, 404, 303)),
    "close_foreign": ("/cohorts/{foreign}/close", (302, 403, 404, 404, 303)),
    # class-list import: no file is a 400 where allowed (the form again), a broken confirm a 303
    "roster_own": ("/cohorts/{own}/roster", (302, 403, 400, 404, 400)),
    "roster_foreign": ("/cohorts/{foreign}/roster", (302, 403, 404, 404, 400)),
    "roster_import_foreign": ("/cohorts/{foreign}/roster/import", (302, 403, 404, 404, 303)),
    "rename_own": ("/cohorts/{own}/name", (302, 403, 303, 404, 303)),
    "rename_foreign": ("/cohorts/{foreign}/name", (302, 403, 404, 404, 303)),
    "move_foreign": ("/cohorts/{foreign}/learners/{foreign_learner}/move", (302, 403, 404, 404, 303)),
    "move_cross": ("/cohorts/{own}/learners/{foreign_learner}/move", (302, 403, 404, 404, 404)),
    # one learner's own assignments, from the learner page
    "assign_learner_own": ("/cohorts/{own}/learners/{learner}/assignments", (302, 403, 400, 404, 400)),
    "assign_learner_foreign": ("/cohorts/{foreign}/learners/{foreign_learner}/assignments",
                               (302, 403, 404, 404, 400)),
    "assign_learner_cross": ("/cohorts/{own}/learners/{foreign_learner}/assignments", (302, 403, 404, 404, 404)),
    "redate_learner_guess": ("/cohorts/{own}/learners/{learner}/assignments/{foreign_assignment}/due",
                             (302, 403, 404, 404, 404)),
    "remove_learner_guess": ("/cohorts/{own}/learners/{learner}/assignments/{foreign_assignment}/delete",
                             (302, 403, 404, 404, 404)),
    # the admin's user list and catalog: admins only
    "admin_card": ("/admin/users/{learner}/password", (302, 403, 403, 403, 303)),
    "admin_card_missing": ("/admin/users/999999/password", (302, 403, 403, 403, 404)),
    "admin_deactivate": ("/admin/users/{foreign_learner}/deactivate", (302, 403, 403, 403, 303)),
    "admin_reactivate": ("/admin/users/{learner}/reactivate", (302, 403, 403, 403, 303)),
    "admin_sync": ("/admin/catalog/sync", (302, 403, 403, 403, 200)),
}


@pytest.mark.parametrize("name", list(POSTS))
@pytest.mark.parametrize("role", ROLES)
def test_staff_actions_check_the_object_not_just_the_role(app, world, name, role):
    from tests.conftest import csrf_token

    client = app.test_client()
    if role != "anon":
        sign_in(client, world[role])
    url, expected = POSTS[name]
    target = url.format(**{k: v.id for k, v in world.items()})
    token = csrf_token(client, "/auth/password" if role != "anon" else "/auth/login")
    # confirm=yes: the confirmation page's button, so the action itself runs where it is allowed
    response = client.post(target, data={"csrf_token": token, "confirm": "yes"})
    assert response.status_code == expected[ROLES.index(role)], (role, target)


def test_predicates(world):
    mentor, teacher, admin, learner = world["mentor"], world["teacher"], world["admin"], world["learner"]
    assert permissions.can_view_cohort(mentor, world["own"])
    assert not permissions.can_view_cohort(mentor, world["foreign"])
    assert not permissions.can_view_cohort(mentor, world["school_class"])
    assert permissions.can_view_cohort(teacher, world["school_class"])
    assert not permissions.can_view_cohort(teacher, world["own"])
    assert not permissions.can_view_cohort(learner, world["own"])
    assert all(permissions.can_view_cohort(admin, world[c]) for c in ("own", "foreign", "school_class"))
    assert permissions.can_manage_learner(mentor, learner)
    assert not permissions.can_manage_learner(mentor, world["foreign_learner"])
    assert permissions.can_manage_learner(teacher, world["school_learner"])
    assert not permissions.can_manage_learner(learner, learner)
    assert not permissions.can_manage_learner(mentor, world["other_mentor"])  # staff are not learners
    assert permissions.can_assign(mentor, world["own"])
    assert not permissions.can_assign(mentor, world["foreign"])
    assert permissions.can_assign(teacher, world["school_class"])
    assert not permissions.can_assign(teacher, world["own"])
    assert not permissions.can_assign(learner, world["own"])
    assert permissions.can_assign(admin, world["foreign"])
    assert permissions.can_assign_to_learner(mentor, learner)
    assert not permissions.can_assign_to_learner(mentor, world["foreign_learner"])
    assert permissions.can_assign_to_learner(teacher, world["school_learner"])
    assert not permissions.can_assign_to_learner(teacher, learner)
    assert not permissions.can_assign_to_learner(mentor, world["other_mentor"])
    assert not permissions.can_assign_to_learner(learner, learner)
    assert permissions.can_assign_to_learner(admin, world["foreign_learner"])


def test_each_predicate_agrees_with_its_query_form(db, world):
    """can_view_cohort / visible_cohorts_query and can_manage_learner / managed_learners_query
    give the same answer for every actor and object, including a teacher who is a member of
    another school's class (where the old list query and the predicate disagreed)."""
    from lms.models import Cohort, MemberRole, Membership, User

    guest_class = make_cohort(make_org(OrgKind.SCHOOL))
    db.session.add(Membership(cohort_id=guest_class.id, user_id=world["teacher"].id,
                              role=MemberRole.TEACHER.value))
    db.session.commit()
    cohorts = list(db.session.scalars(select(Cohort)))
    people = list(db.session.scalars(select(User)))
    actors = [world[k] for k in ("mentor", "other_mentor", "teacher", "admin", "learner")]
    for actor in actors:
        listed = {c.id for c in db.session.scalars(permissions.visible_cohorts_query(actor))}
        assert listed == {c.id for c in cohorts if permissions.can_view_cohort(actor, c)}, actor.username
        managed = {u.id for u in db.session.scalars(permissions.managed_learners_query(actor))}
        assert managed == {u.id for u in people if permissions.can_manage_learner(actor, u)}, actor.username
    assert guest_class.id in {c.id for c in db.session.scalars(permissions.visible_cohorts_query(world["teacher"]))}
