"""Keep a child process (the Celery worker `lms serve` starts) running: restart it with backoff."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

log = logging.getLogger("lms.supervisor")


def worker_command(concurrency: int = 2, *, quiet: bool = True) -> list[str]:
    """The Celery worker `lms serve` runs beside the web server (the one entry: lms.wsgi)."""
    cmd = [sys.executable, "-m", "celery", "-A", "lms.wsgi:celery_app"]
    if quiet:
        cmd.append("--quiet")  # drops the start-up banner; task and error logs still go to stderr
    cmd += ["worker", "--pool", "threads", "--concurrency", str(concurrency), "--loglevel", "INFO",
            "-n", f"lms-{os.getpid()}@{socket.gethostname()}", "--without-gossip", "--without-mingle"]
    return cmd


class Supervisor:
    """Run `command`; when it exits, log it and start it again after a growing pause.

    The pause doubles from `min_backoff` to `max_backoff` and resets once the child has stayed
    up for `healthy_after` seconds. `stop()` ends the child (TERM, then KILL) and stops watching.
    """

    def __init__(self, command: Sequence[str], *, name: str = "worker", min_backoff: float = 1.0,
                 max_backoff: float = 30.0, healthy_after: float = 60.0, stop_timeout: float = 15.0):
        self.command = list(command)
        self.name = name
        self.min_backoff, self.max_backoff, self.healthy_after = min_backoff, max_backoff, healthy_after
        self.stop_timeout = stop_timeout
        self.restarts = 0
        self._proc: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{name}", daemon=True)

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc and proc.poll() is None else None

    def start(self) -> Supervisor:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self._proc = subprocess.Popen(self.command)

    def _watch(self) -> None:
        backoff = self.min_backoff
        while not self._stopping.is_set():
            proc = self._proc
            started = time.monotonic()
            code = proc.wait() if proc else None  # wait() also reaps it: no zombie
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= self.healthy_after:
                backoff = self.min_backoff
            log.warning("%s (pid %s) exited with %s; restarting in %.0f s", self.name,
                        proc.pid if proc else "?", code, backoff)
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, self.max_backoff)
            self.restarts += 1
            self._spawn()
            log.warning("%s restarted (pid %s, restart %d)", self.name, self.pid, self.restarts)

    def stop(self) -> None:
        """Stop watching and end the child cleanly (TERM, then KILL after stop_timeout)."""
        self._stopping.set()
        with self._lock:
            proc = self._proc
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
