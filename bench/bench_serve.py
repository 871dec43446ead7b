"""Serving throughput of a real `lms serve --demo` on this machine (SPEC §4, issue 13).

Starts the server on 127.0.0.1 in a fresh instance, signs in as a demo learner, then runs wrk
(Debian package `wrk`) against the learner home, a lesson, `GET /api/v1/tasks` and `/healthz`
at 20 and 50 connections, all in the same run. Prints req/s, p50/p95/p99, errors, server CPU
milliseconds per request (user + system time of the server's process tree, read from /proc)
and each page's rate as a share of `/healthz`. Prints numbers; asserts nothing.

    python bench/bench_serve.py                      # 30 s per run, the server's default workers
    python bench/bench_serve.py --duration 10 --serve-args "--workers 1"
    python bench/bench_serve.py --profile /learn/    # top functions of one page, in-process

`--root DIR` runs another checkout (an older commit) with the same load, for before/after numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import http.cookiejar
import io
import json
import os
import pstats
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench_pages import free_port, wait_up  # the same start-up as the page-size bench

ROOT = Path(__file__).resolve().parents[1]
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = os.environ.get("LMS_DEMO_PASSWORD", "demo1234")
LEARNER = "learner2"  # placed in a track below; learner1 stays a new learner for other benches
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# wrk reports only fixed percentiles on the console; this prints the ones we need as JSON.
WRK_SCRIPT = """
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["Accept-Language"] = "zh-CN"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "max": %f, '
    .. '"errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


class Client:
    """A cookie-keeping urllib client for signing in."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def fetch(self, path: str, data: dict | None = None, headers: dict | None = None,
              json_body: dict | None = None) -> str:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        with self.opener.open(req, timeout=30) as resp:
            return resp.read().decode("utf-8")

    def post_form(self, page: str, path: str, data: dict) -> str:
        token = CSRF_RE.search(self.fetch(page)).group(1)
        return self.fetch(path, {"csrf_token": token, **data})

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def sign_in(base: str) -> tuple[str, str, str]:
    """Sign the learner in, place them in the basic track and finish one lesson, so the home
    shows a real learner's state. Returns (cookie header, lesson path, bearer token)."""
    c = Client(base)
    c.post_form("/auth/login", "/auth/login", {"login": LEARNER, "password": PASSWORD})
    answers = {f"p{i}": "a" for i in range(1, 11)}
    c.post_form("/learn/placement", "/learn/placement/choose", answers | {"track": "basic"})
    home = c.fetch("/learn/")
    lessons = re.findall(r'href="(/learn/lessons/[^"]+)"', home)
    if not lessons:
        raise SystemExit("the learner home shows no lesson: is the learner placed?")
    lesson = lessons[0]
    page = c.fetch(lesson)
    done = re.search(r'action="(/learn/lessons/[^"]+/done)"', page)
    if done:
        c.fetch(done.group(1), {"csrf_token": CSRF_RE.search(page).group(1)})
        lesson = re.findall(r'href="(/learn/lessons/[^"]+)"', c.fetch("/learn/"))[0]
    token = json.loads(c.fetch("/api/v1/tokens", json_body={"username": LEARNER,
                                                            "password": PASSWORD}))["token"]
    return c.cookie_header(), lesson, token


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and all its living descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += times.get(p, 0.0)
        todo += [child for child, parent in parents.items() if parent == p]
    return total


def run_wrk(base: str, path: str, connections: int, seconds: int, cookie: str, auth: str,
            server_pid: int, script: Path) -> dict:
    env = {**os.environ, "BENCH_COOKIE": cookie, "BENCH_AUTH": auth}
    threads = min(2, connections)
    before = tree_cpu_seconds(server_pid)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                          "--timeout", "10s", "-s", str(script), base + path],
                         env=env, capture_output=True, text=True, check=True).stdout
    cpu = tree_cpu_seconds(server_pid) - before
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    result["cpu_ms"] = 1000 * cpu / max(result["requests"], 1)
    return result


def bench(args) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory() as instance:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "RATELIMIT_STORAGE_URI")}
        env["LMS_INSTANCE"] = instance
        env["LMS_LOGIN_LIMIT"] = "1000 per minute"
        port = free_port()
        cmd = [sys.executable, "-m", "lms.cli", "serve", "--demo", "--no-worker", "--port", str(port),
               *shlex.split(args.serve_args)]
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        script = Path(instance) / "bench.lua"
        script.write_text(WRK_SCRIPT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base, proc)
            cookie, lesson, token = sign_in(base)
            pages = [("learner home", "/learn/", ""), ("lesson", lesson, ""),
                     ("GET /api/v1/tasks", "/api/v1/tasks", f"Bearer {token}"),
                     ("/healthz", "/healthz", "")]
            print(f"root {root}  serve {' '.join(cmd[4:])}  {args.duration}s per run  "
                  f"{os.cpu_count()} cores")
            for connections in args.connections:
                # warm every page (first requests compile templates and fill caches)
                for _name, path, auth in pages:
                    run_wrk(base, path, 4, 2, cookie, auth, proc.pid, script)
                rows = [(name, path, run_wrk(base, path, connections, args.duration, cookie, auth,
                                             proc.pid, script))
                        for name, path, auth in pages]
                health = rows[-1][2]["rps"]
                print(f"\n{connections} connections")
                print(f"{'page':20s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
                      f"{'errors':>7s} {'non2xx':>7s} {'cpu ms/req':>10s} {'÷healthz':>9s}")
                for name, _path, r in rows:
                    print(f"{name:20s} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                          f"{r['errors']:7d} {r['non2xx']:7d} {r['cpu_ms']:10.2f} "
                          f"{r['rps'] / health:9.2f}")
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)


def profile(args) -> None:
    """Profile one page in-process: statements per request and the top functions."""
    sys.path.insert(0, str(Path(args.root).resolve()))
    from sqlalchemy import event

    from lms import create_app
    from lms.commands import prepare_database
    from lms.config import Config
    from lms.extensions import db
    from lms.instance import prepare_instance

    with tempfile.TemporaryDirectory() as instance:
        os.environ["LMS_INSTANCE"] = instance
        for key in ("DATABASE_URL", "CELERY_BROKER_URL"):
            os.environ.pop(key, None)
        app = create_app(Config())
        prepare_instance(app)
        with app.app_context():
            prepare_database(demo=True)
            statements = []
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a, **k: statements.append(1))
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        client.post("/auth/login", data={"login": LEARNER, "password": PASSWORD,
                                         "csrf_token": CSRF_RE.search(page).group(1)})
        page = client.get("/learn/placement").get_data(as_text=True)
        client.post("/learn/placement/choose", data={
            **{f"p{i}": "a" for i in range(1, 11)}, "track": "basic",
            "csrf_token": CSRF_RE.search(page).group(1)})
        path = args.profile
        for _ in range(20):
            assert client.get(path).status_code == 200, path
        statements.clear()
        client.get(path)
        per_request = len(statements)
        n = args.requests
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(n):
            client.get(path)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / n
        print(f"{path}: {1000 * elapsed:.2f} ms per request in-process (profiled), "
              f"{per_request} SQL statements")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--serve-args", default="", help="extra arguments for lms serve")
    parser.add_argument("--root", default=str(ROOT), help="the checkout to run")
    parser.add_argument("--profile", metavar="PATH", help="profile one page in-process instead")
    parser.add_argument("--requests", type=int, default=200, help="requests to profile")
    parser.add_argument("--top", type=int, default=25, help="functions to list when profiling")
    args = parser.parse_args()
    profile(args) if args.profile else bench(args)


if __name__ == "__main__":
    main()
