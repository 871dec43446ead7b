"""Learner fixtures: the small test catalog synced into the database, quiz answers, forms."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import Role, Task
from lms.services.catalog import sync_catalog
from tests.conftest import csrf_token, make_cohort, make_org, make_user

MINI = Path(__file__).parent.parent / "courses" / "fixtures" / "mini"
RIGHT = {"q-q1": "b", "q-q2": ["a", "b"], "q-q3": "false"}
PCT_RE = re.compile(r'class="pct">(\d+)%')


@pytest.fixture(autouse=True)
def english(client):
    """Assert on English msgids; the Chinese catalog is checked by its own test."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def mini_group():
    """The small catalog synced, and a new village's mentor and group: (mentor, cohort, tasks)."""
    sync_catalog(load_catalog(MINI))
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    tasks = {t.slug: t for t in db.session.scalars(select(Task))}
    return mentor, make_cohort(org, staff=mentor), tasks


@pytest.fixture
def mini_root(tmp_path) -> Path:
    """A writable copy of the small test catalog."""
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def synced(app, mini_root):
    """The small catalog synced into the test database; returns the loaded catalog."""
    catalog = load_catalog(mini_root)
    sync_catalog(catalog)
    return catalog


@pytest.fixture(scope="session")
def real_catalog():
    """The shipped catalog, loaded once per test session."""
    return load_catalog()


@pytest.fixture
def real_synced(app, real_catalog):
    """The shipped catalog synced into the test database."""
    sync_catalog(real_catalog)
    return real_catalog


def form_post(client, url: str, data: dict, page: str):
    """POST a form with a CSRF token read from `page` (the page that shows the form)."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def percents(html: str) -> list[int]:
    """Every progress percentage shown on a page, in order."""
    return [int(p) for p in PCT_RE.findall(html)]
