"""Transferred size (gzip) of HTML + CSS + JS for each learner page, against a fresh
`lms serve --demo` instance signed in as learner1. Budget: 14 KB per page (SPEC §4).
Prints numbers; asserts nothing."""

from __future__ import annotations

import gzip
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 14 * 1024
ASSET_RE = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A cookie-keeping client that asks for gzip and counts bytes on the wire."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(self, path: str, data: dict | None = None) -> tuple[int, str]:
        """(bytes transferred in the body, decoded text)."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={
            "Accept-Encoding": "gzip", "Accept-Language": "zh-CN"})
        with self.opener.open(req, timeout=30) as resp:
            raw = resp.read()
            gzipped = resp.headers.get("Content-Encoding") == "gzip"
        return len(raw), (gzip.decompress(raw) if gzipped else raw).decode("utf-8")

    def post_form(self, page: str, path: str, data: dict) -> str:
        """POST with the CSRF token from `page`; returns the final page's text."""
        token = CSRF_RE.search(self.fetch(page)[1]).group(1)
        return self.fetch(path, {"csrf_token": token, **data})[1]

    def page_size(self, path: str) -> tuple[int, int]:
        """(HTML bytes, HTML+CSS+JS bytes) transferred for a cold load of one page."""
        html_bytes, html = self.fetch(path)
        total = html_bytes + sum(self.fetch(a)[0] for a in set(ASSET_RE.findall(html)))
        return html_bytes, total


def wait_up(base: str, proc: subprocess.Popen) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit("lms serve exited")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("lms serve did not start")


def measure(b: Browser) -> list[tuple[str, int, int]]:
    """Sign in as learner1, walk the learner pages, return (page, html, total) sizes."""
    b.post_form("/auth/login", "/auth/login", {"login": "learner1", "password":
                                               os.environ.get("LMS_DEMO_PASSWORD", "demo1234")})
    rows = [("home (new learner)", *b.page_size("/learn/")),
            ("placement quiz", *b.page_size("/learn/placement"))]
    answers = {f"p{i}": "a" for i in range(1, 11)}
    b.post_form("/learn/placement", "/learn/placement/choose", answers | {"track": "basic"})
    home = b.fetch("/learn/")[1]
    lesson = re.search(r'href="(/learn/lessons/[^"]+)"', home).group(1)
    track = re.search(r'href="(/learn/tracks/[^"]+)"', home).group(1)
    course = re.search(r'href="(/learn/courses/[^"]+)"', b.fetch(track)[1]).group(1)
    tasks = re.findall(r'href="(/learn/tasks/[^"]+)"', b.fetch(course)[1])
    rows += [("home", *b.page_size("/learn/")), ("track", *b.page_size(track)),
             ("course", *b.page_size(course)), ("lesson", *b.page_size(lesson))]
    rows += [(f"task {t.rsplit('/', 1)[1]}", *b.page_size(t)) for t in tasks]
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as instance:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
        env["LMS_INSTANCE"] = instance
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--demo", "--no-worker",
                                 "--port", str(port)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base, proc)
            rows = measure(Browser(base))
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    print(f"{'page':34s} {'html':>7s} {'html+css+js':>12s}  budget {BUDGET} B")
    for name, html, total in rows:
        print(f"{name:34s} {html:7d} {total:12d}  {'ok' if total <= BUDGET else 'OVER'}")


if __name__ == "__main__":
    main()
