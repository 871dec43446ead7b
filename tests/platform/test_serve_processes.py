"""`lms serve` uses every core: several web processes, and one that dies is replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lms.commands import default_workers
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
