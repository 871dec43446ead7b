"""Bad input is the caller's mistake, never a 500: ids too large for the database, JSON nested
100,000 deep, ids in forms and JSON bodies out of range (issue 9 item 9)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import Role, Task
from lms.services.catalog import sync_catalog
from tests.conftest import (
    CSRF_RE,
    api_headers,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)


@pytest.fixture
def copy_task(app) -> tuple[int, str]:
    """The shipped catalog synced; (id, slug) of a copywriting task."""
    sync_catalog(load_catalog())
    task = db.session.scalar(select(Task).where(Task.kind == "copy").order_by(Task.id))
    return task.id, task.slug


HUGE = ("2147483648", "9223372036854775808", "99999999999999999999999")
NESTED = "[" * 100_000 + "]" * 100_000


def _int_rules(app):
    """Every route with an integer in its path, as (rule, methods)."""
    rules = []
    for rule in app.url_map.iter_rules():
        if any(type(conv).__name__ == "IdConverter" for conv in rule._converters.values()):
            rules.append(rule)
    return rules


def _url(rule, value: str) -> str:
    return re.sub(r"<int:[^>]+>", value, re.sub(r"<(?:string:)?[a-z_]+>", "x", rule.rule))


def test_every_integer_route_uses_the_bounded_converter(app):
    """A plain `<int:…>` in a new route is bounded too: the app replaces the converter itself."""
    plain = [r.rule for r in app.url_map.iter_rules()
             if any(type(c).__name__ == "IntegerConverter" for c in r._converters.values())]
    assert plain == []
    assert len(_int_rules(app)) >= 15


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MENTOR])
def test_an_id_too_large_for_the_database_is_a_404_on_every_page_and_api_route(app, client, role):
    org = make_org()
    user = make_user(role, org=org)
    make_cohort(org, staff=user if role == Role.MENTOR else None)
    assert sign_in(client, user).status_code == 303
    token = CSRF_RE.search(client.get("/", follow_redirects=True).get_data(as_text=True)).group(1)
    checked = 0
    for rule in _int_rules(app):
        for value in HUGE:
            url = _url(rule, value)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={"csrf_token": token},
                                       headers={"X-CSRFToken": token})
                assert response.status_code == 404, (method, url, response.status_code)
                if url.startswith("/api/"):
                    assert response.get_json()["error"]["code"] == "http_404"
                checked += 1
    assert checked >= 45


def test_a_learner_gets_404_for_huge_ids_in_learner_urls(client):
    learner = make_learner()
    assert sign_in(client, learner).status_code == 303
    for value in HUGE:
        assert client.get(f"/learn/submissions/{value}").status_code == 404


def test_deeply_nested_json_is_a_400_even_before_sign_in(client):
    response = client.post("/api/v1/tokens", data=NESTED, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


def test_deeply_nested_json_to_a_signed_in_endpoint_is_a_400(client, copy_task):
    learner = make_learner()
    headers = api_headers(client, learner)
    task_id, _slug = copy_task
    response = client.post(f"/api/v1/tasks/{task_id}/submissions", data=NESTED,
                           content_type="application/json", headers=headers)
    assert response.status_code == 400
    response = client.post("/api/v1/assignments", data=NESTED, content_type="application/json",
                           headers=headers)
    assert response.status_code in (400, 403)


def test_out_of_range_ids_in_bodies_and_query_strings_are_refused_cleanly(client, copy_task):
    learner = make_learner()
    headers = api_headers(client, learner)
    task_id, slug = copy_task
    response = client.post(f"/api/v1/tasks/{task_id}/submissions", headers=headers,
                           json={"text": "新鲜赣南脐橙，5斤装。", "version": 2**63})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert sign_in(client, learner).status_code == 303
    assert client.get(f"/learn/tasks/{slug}?from={2**63}").status_code == 200   # ignored, page shown
