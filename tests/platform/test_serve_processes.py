"""`lms serve` uses every core: several web processes, and one that dies is replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from lms.commands import default_workers
from lms.config import normalise_database_url
from lms.queue import HEARTBEAT_SECONDS
from tests.conftest import empty_database
from tests.platform.test_cli import ROOT, free_port

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn needs fork()")


def children(pid: int) -> set[int]:
    """Living child processes of `pid` (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def healthy(base: str) -> bool:
    try:
        return urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200
    except OSError:
        return False


def test_default_is_one_web_process_per_core():
    assert default_workers() == len(os.sched_getaffinity(0))


def test_serve_runs_several_web_processes_and_replaces_one_that_is_killed(tmp_path, database_url):
    with empty_database(tmp_path, database_url) as url:
        env = dict(os.environ, LMS_INSTANCE=str(tmp_path / "instance"))
        if url.startswith("sqlite"):
            env.pop("DATABASE_URL", None)
        else:
            env["DATABASE_URL"] = url
        env.pop("CELERY_BROKER_URL", None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--no-worker", "--workers", "2",
                                 "--threads", "2", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert wait_for(lambda: healthy(base) and len(children(proc.pid)) == 2, 120), "not up"
            first = children(proc.pid)
            victim = min(first)
            os.kill(victim, signal.SIGKILL)
            assert wait_for(lambda: len(children(proc.pid) - {victim}) == 2, 60), "not replaced"
            assert all(healthy(base) for _ in range(20))   # whichever process answers
        finally:
            proc.terminate()
            out = proc.communicate(timeout=60)[0].decode(errors="replace")
        assert proc.returncode == 0, out
        assert "Web: 2 process(es) × 2 threads (gunicorn)" in out
        assert not children(proc.pid)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def queue_ok(base: str) -> bool:
    try:
        body = urllib.request.urlopen(f"{base}/healthz", timeout=2).read().decode()
    except OSError:
        return False
    return '"queue":"ok"' in body.replace(" ", "")


def test_a_killed_queue_worker_is_back_without_restarting_serve(tmp_path, database_url):
    """kill -9 the Celery worker `lms serve` supervises: a new one starts and /healthz reports
    the queue ok again, bounded in time, while the web server never stopped."""
    with empty_database(tmp_path, database_url) as url:
        env = dict(os.environ, LMS_INSTANCE=str(tmp_path / "instance"))
        if url.startswith("sqlite"):
            env.pop("DATABASE_URL", None)
            env.pop("CELERY_BROKER_URL", None)
        else:
            env["DATABASE_URL"] = url
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--workers", "1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert wait_for(lambda: queue_ok(base), 120), "queue never ok"
            [worker] = [p for p in children(proc.pid) if "celery" in cmdline(p)]
            os.kill(worker, signal.SIGKILL)
            killed_at = datetime.now(UTC).replace(tzinfo=None)
            assert wait_for(lambda: [p for p in children(proc.pid) if "celery" in cmdline(p)
                                     and p != worker], 30), "no new worker"
            assert healthy(base)                                    # the web side kept serving
            # a heartbeat written well after the kill can only come from the new worker
            db_url = url if not url.startswith("sqlite") else f"sqlite:///{tmp_path / 'instance' / 'lms.sqlite'}"
            engine = create_engine(normalise_database_url(db_url))
            try:
                def fresh_beat() -> bool:
                    with engine.connect() as conn:
                        newest = conn.execute(text("SELECT max(seen_at) FROM worker_heartbeats")).scalar()
                    newest = datetime.fromisoformat(str(newest)) if newest else None
                    return newest is not None and newest > killed_at + timedelta(seconds=HEARTBEAT_SECONDS + 1)
                assert wait_for(fresh_beat, 60), "the new worker never beat"
            finally:
                engine.dispose()
            assert queue_ok(base)
        finally:
            proc.terminate()
            out = proc.communicate(timeout=60)[0].decode(errors="replace")
        assert "restart" in out.lower(), out[-2000:]
