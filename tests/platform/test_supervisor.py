"""`lms serve` keeps its worker alive: a killed child is restarted with backoff and stopped cleanly."""

import os
import signal
import sys
import time
from pathlib import Path

from lms.supervisor import Supervisor, worker_command

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]


def reaped(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_child_is_restarted_and_reaped():
    sup = Supervisor(SLEEPER, min_backoff=0.1, max_backoff=0.4).start()
    try:
        first = sup.pid
        assert first
        os.kill(first, signal.SIGKILL)
        assert wait_for(lambda: sup.pid not in (None, first)), "child was not restarted"
        assert sup.restarts == 1
        # the killed child was waited for: no zombie left behind
        assert wait_for(lambda: reaped(first)), "the killed worker was left a zombie"
    finally:
        sup.stop()
    assert sup.pid is None


def test_backoff_grows_while_the_child_keeps_dying():
    sup = Supervisor([sys.executable, "-c", "raise SystemExit(3)"], min_backoff=0.1, max_backoff=0.4)
    sup.start()
    try:
        assert wait_for(lambda: sup.restarts >= 3, timeout=5)
        time.sleep(0.5)
        assert sup.restarts <= 6  # 0.1 + 0.2 + 0.4 + 0.4 …: it does not spin
    finally:
        sup.stop()


def test_stop_ends_the_child():
    sup = Supervisor(SLEEPER, min_backoff=0.1).start()
    pid = sup.pid
    sup.stop()
    assert wait_for(lambda: reaped(pid), timeout=5)
    assert sup.restarts == 0


def test_the_worker_uses_the_one_entry_point():
    cmd = worker_command()
    assert cmd[cmd.index("-A") + 1] == "lms.wsgi:celery_app"
