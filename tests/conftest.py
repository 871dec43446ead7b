"""Shared fixtures: a real database (SQLite file, or PostgreSQL via DATABASE_URL), a fresh
app per test, the real client with CSRF on, factories, and the course catalogs. Plain helpers
that every audience folder uses (form posts, submissions, reviews) are in tests/helpers.py."""

from __future__ import annotations

import os
import re
import shutil
import socket
import uuid
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.config import TestConfig, normalise_database_url
from lms.extensions import db as _db
from lms.extensions import limiter
from lms.instance import prepare_instance
from lms.models import Cohort, MemberRole, Membership, Organisation, OrgKind, Role, User
from lms.services import accounts

PASSWORD = "test-pass-123"
REQUIRE_SERVICES = os.environ.get("LMS_REQUIRE_SERVICES") == "1"
_seq = count(1)


def skip_or_fail(reason: str) -> None:
    """Skip when a service is missing, except under CI (LMS_REQUIRE_SERVICES=1): fail then."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@contextmanager
def empty_database(tmp_path, database_url):
    """A brand-new empty database of the same kind as the test database."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite'}"
        return
    name = f"lms_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


def make_config(database_url: str, instance_dir: Path, **overrides) -> TestConfig:
    os.environ["LMS_INSTANCE"] = str(instance_dir)
    cfg = TestConfig()
    cfg.SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
    cfg.CELERY = dict(cfg.CELERY, broker_url=os.environ.get(
        "CELERY_BROKER_URL", f"sqla+sqlite:///{instance_dir / 'broker.sqlite'}"))
    for key, value in overrides.items():
        setattr(cfg, key, value)
    return cfg


@pytest.fixture(scope="session")
def _schema(database_url, instance_dir):
    app = create_app(make_config(database_url, instance_dir))
    prepare_instance(app)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        _db.engine.dispose()
    return True


def _truncate() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


class FreshRequestClient(FlaskClient):
    """Tests hold an app context open for the factories; Flask then reuses it for requests,
    so `g` (signed-in user, locale) would leak between requests. Start each request clean."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
            _db.session.expire_all()
        try:
            return super().open(*args, **kwargs)
        finally:
            if has_app_context():
                g.__dict__.clear()


@pytest.fixture
def app(_schema, database_url, instance_dir):
    app = create_app(make_config(database_url, instance_dir))
    prepare_instance(app)
    app.test_client_class = FreshRequestClient
    limiter.reset()
    with app.app_context():
        _truncate()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str = "/auth/login") -> str:
    """A CSRF token for the client's session, read from a real page."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict, *, token_from: str | None = None, **kwargs):
    """POST a form the way a browser does: with the session's CSRF token."""
    data = dict(data)
    data.setdefault("csrf_token", csrf_token(client, token_from or "/auth/login"))
    return client.post(url, data=data, **kwargs)


# ---- factories -------------------------------------------------------------------------------
# Accounts go through the service (accounts.do_create_user: hashing, username rules).
# Organisations, groups and memberships are written as the services would write them: the
# services need an acting staff member with rights, which a test's set-up often does not have.

def make_org(kind: OrgKind = OrgKind.VILLAGE, name: str | None = None) -> Organisation:
    org = Organisation(kind=kind.value, name=name or f"组织{next(_seq)}")
    _db.session.add(org)
    _db.session.commit()
    return org


def make_cohort(org: Organisation | None = None, *, capacity: int = 200, is_open: bool = True,
                staff: User | None = None) -> Cohort:
    from lms.services.orgs import new_join_code

    org = org or make_org()
    cohort = Cohort(org_id=org.id, name=f"小组{next(_seq)}", join_code=new_join_code(),
                    capacity=capacity, is_open=is_open)
    _db.session.add(cohort)
    _db.session.flush()
    if staff is not None:
        role = MemberRole.TEACHER if staff.role == Role.TEACHER.value else MemberRole.MENTOR
        _db.session.add(Membership(cohort_id=cohort.id, user_id=staff.id, role=role.value))
    _db.session.commit()
    return cohort


def make_user(role: Role = Role.LEARNER, *, cohort: Cohort | None = None, org: Organisation | None = None,
              username: str | None = None, password: str = PASSWORD, **fields) -> User:
    org = org or (cohort.org if cohort else None)
    user = accounts.do_create_user(
        username=username or f"{role.value}{next(_seq)}", display_name=fields.pop("display_name", "测试用户"),
        password=password, role=role, org_id=org.id if org else None, **fields,
    )
    if cohort is not None:
        member_role = {Role.LEARNER.value: MemberRole.LEARNER, Role.TEACHER.value: MemberRole.TEACHER}.get(
            user.role, MemberRole.MENTOR)
        _db.session.add(Membership(cohort_id=cohort.id, user_id=user.id, role=member_role.value))
        _db.session.commit()
    return user


def make_learner(cohort: Cohort | None = None, **kw) -> User:
    return make_user(Role.LEARNER, cohort=cohort or make_cohort(), **kw)



@contextmanager
def counting_statements(db):
    """Collect every SQL statement sent while the block runs (for constant-query checks)."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def api_headers(client, user: User, password: str = PASSWORD) -> dict:
    """Bearer headers for `user`, from a token issued by POST /api/v1/tokens."""
    response = client.post("/api/v1/tokens", json={"username": user.login_name, "password": password})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def sign_in(client, user: User, password: str = PASSWORD, remember: bool = False):
    data = {"login": user.login_name, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/auth/login", data)


@pytest.fixture
def login_as(app, client):
    """login_as("mentor") → a signed-in user of that role with a cohort to work in."""

    def _login(role: str | Role, **kw) -> User:
        role = Role(role)
        if role in (Role.MENTOR, Role.TEACHER):
            org = make_org(OrgKind.SCHOOL if role == Role.TEACHER else OrgKind.VILLAGE)
            user = make_user(role, org=org, **kw)
            make_cohort(org, staff=user)
        elif role == Role.LEARNER:
            user = make_learner(**kw)
        else:
            user = make_user(role, **kw)
        response = sign_in(client, user)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return user

    return _login


# ---- a real HTTP server and a real browser ---------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP on 127.0.0.1 in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A fresh page the size of a cheap Android phone (360×740), Chinese by default."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def assert_fits_phone(page) -> None:
    """No sideways scrolling at 360 px, and every button/link-button is at least 44 px tall."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide"
    small = page.evaluate("""() => [...document.querySelectorAll('button, .btn, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
        .map(e => e.outerHTML.slice(0, 80))""")
    assert not small, f"touch targets under 44px: {small}"


# ---- the course catalog: the small test catalog and the shipped one -----------------------

MINI = Path(__file__).parent / "courses" / "fixtures" / "mini"


@pytest.fixture
def mini_root(tmp_path) -> Path:
    """A writable copy of the small test catalog."""
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def synced(app, mini_root):
    """The small catalog synced into the test database; returns the loaded catalog."""
    from courses.loader import load_catalog
    from lms.services.catalog import sync_catalog

    catalog = load_catalog(mini_root)
    sync_catalog(catalog)
    return catalog


@pytest.fixture(scope="session")
def real_catalog():
    """The shipped catalog, loaded once per test session."""
    from courses.loader import load_catalog

    return load_catalog()


@pytest.fixture
def real_synced(app, real_catalog):
    """The shipped catalog synced into the test database."""
    from lms.services.catalog import sync_catalog

    sync_catalog(real_catalog)
    return real_catalog


# ---- a real queue worker -----------------------------------------------------------------

@pytest.fixture
def start_worker(app, database_url, instance_dir):
    """start_worker() → a real `celery worker` process on the test database and broker (none is
    left over from earlier tests: the broker is purged first); stopped at the end of the test."""
    from tests.helpers import Worker

    app.extensions["celery"].control.purge()
    started = []

    def start():
        started.append(Worker(app.config["CELERY"]["broker_url"], database_url, instance_dir))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()
