"""Cold start of `lms serve --demo` on an empty instance: seconds until the web server answers
/healthz, and until a worker has made the queue "ok". Prints numbers; asserts nothing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(url: str) -> dict | None:
    try:
        return json.loads(urllib.request.urlopen(url, timeout=2).read())
    except OSError:
        return None


def run_once() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as instance:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
        env["LMS_INSTANCE"] = instance
        port = free_port()
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--demo", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        web = queue = None
        try:
            while time.monotonic() - start < 180 and queue is None:
                body = health(f"http://127.0.0.1:{port}/healthz")
                if body and web is None:
                    web = time.monotonic() - start
                if body and body.get("queue") == "ok":
                    queue = time.monotonic() - start
                time.sleep(0.1)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        return web or float("nan"), queue or float("nan")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    results = [run_once() for _ in range(runs)]
    for i, (web, queue) in enumerate(results, 1):
        print(f"run {i}: web answers after {web:.2f}s, queue ok after {queue:.2f}s")
    webs = sorted(r[0] for r in results)
    queues = sorted(r[1] for r in results)
    print(f"median: web {webs[len(webs) // 2]:.2f}s, queue {queues[len(queues) // 2]:.2f}s "
          f"(lms serve --demo, empty instance, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
