"""/healthz reports the database and the queue honestly, with a real Celery worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import port_open, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def start_worker(database_url: str, instance: Path, broker: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url, LMS_INSTANCE=str(instance), CELERY_BROKER_URL=broker)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms.wsgi:celery_app", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "-n", f"test-{os.getpid()}-{time.time_ns()}@localhost",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def wait_for_queue(client, state: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get("/healthz").get_json()
        if body["queue"] == state or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return (out or b"").decode(errors="replace")[-3000:]


def test_health_without_a_worker_says_queue_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "queue": "down"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_reports_db_down_when_the_database_is_unreachable(tmp_path, instance_dir):
    from lms import create_app
    from tests.conftest import make_config

    broken = create_app(make_config(f"sqlite:///{tmp_path}/missing-dir/none/x.sqlite", instance_dir))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "db": "down", "queue": "down"}


def _run_worker_and_check(client, database_url, instance_dir, broker):
    proc = start_worker(database_url, instance_dir, broker)
    try:
        body = wait_for_queue(client, "ok")
        assert body == {"status": "ok", "db": "ok", "queue": "ok"}, stop(proc)
    finally:
        stop(proc)


def test_real_worker_on_the_embedded_broker_makes_the_queue_ok(client, database_url, instance_dir, tmp_path):
    _run_worker_and_check(client, database_url, instance_dir, f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}")


def test_real_worker_on_redis_makes_the_queue_ok(client, database_url, instance_dir):
    if not port_open("127.0.0.1", 6379):
        skip_or_fail("Redis is not running on 127.0.0.1:6379")
    _run_worker_and_check(client, database_url, instance_dir, os.environ.get(
        "TEST_REDIS_BROKER", "redis://127.0.0.1:6379/14"))


@pytest.mark.parametrize("path", ["/healthz"])
def test_health_is_json_even_for_api_style_clients(client, path):
    assert client.get(path, headers={"Accept": "application/json"}).is_json
