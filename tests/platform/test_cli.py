"""The `lms` command: seed-demo is idempotent; `lms serve --demo` comes up from nothing."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from lms.models import Cohort, Membership, Organisation, User
from tests.conftest import empty_database, post_form

ROOT = Path(__file__).resolve().parents[2]
DEMO = ["admin", "teacher1", "mentor1", "learner1", "learner2", "learner3", "learner4", "learner5"]


def counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (User, Organisation, Cohort, Membership))


def test_seed_demo_is_idempotent_and_every_demo_account_signs_in(app, runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and counts(db) == after_first
    assert after_first[0] == len(DEMO)
    for username in DEMO:
        client = app.test_client()
        response = post_form(client, "/auth/login", {"login": username, "password": "demo1234"})
        assert response.status_code == 303, username


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_lms_serve_demo_from_an_empty_instance(tmp_path, database_url):
    """The README's first command: migrations, demo data, web server and worker, over real HTTP."""
    with empty_database(tmp_path, database_url) as url:
        _serve_demo_and_sign_in(tmp_path, url)


def _serve_demo_and_sign_in(tmp_path, url):
    port = free_port()
    env = dict(os.environ, LMS_INSTANCE=str(tmp_path / "instance"))
    if url.startswith("sqlite"):
        env.pop("DATABASE_URL", None)  # the embedded default: SQLite under the instance folder
    else:
        env["DATABASE_URL"] = url
    env.pop("CELERY_BROKER_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--demo", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline:
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=2).read().decode()
                if '"queue":"ok"' in health.replace(" ", ""):
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert health and '"queue":"ok"' in health.replace(" ", ""), health
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/auth/login").read().decode()
        assert "乡商学堂" in page
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urlencode({"csrf_token": token, "login": "learner1", "password": "demo1234"}).encode()
        home = opener.open(f"{base}/auth/login", data=data)
        assert home.geturl().endswith("/learn/")
        assert "王秀英" in home.read().decode()
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert "Demo logins" in out and f"{base}/" in out


def test_demo_village_group_gets_assignments_once(app, runner, db):
    from courses.loader import load_catalog
    from lms.models import Assignment
    from lms.services.assignments import learner_assignments
    from lms.services.catalog import sync_catalog

    sync_catalog(load_catalog())
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    rows = db.session.scalars(select(Assignment)).all()
    assert len(rows) == 4 and {a.cohort.join_code for a in rows} == {"CUN888"}
    assert sorted(a.item.slug for a in rows if a.lesson_id) == ["packing-fresh"]
    learner1 = db.session.scalar(select(User).where(User.username == "learner1"))
    learner4 = db.session.scalar(select(User).where(User.username == "learner4"))
    assert len(learner_assignments(learner1)) == 4 and learner_assignments(learner4) == []
