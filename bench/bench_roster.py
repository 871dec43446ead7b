"""Class-list import, measured against a fresh `lms serve --demo` (web + embedded worker, the
real scrypt): the confirm POST's own time and confirm → sheet of cards on screen for 100 and 500
people; then in-process, the API's synchronous import of 500 people with the hashing on one
thread and on two (accounts.HASH_THREADS). Prints numbers; asserts nothing."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import ROOT, Browser, free_port, wait_up

PASSWORD = os.environ.get("LMS_DEMO_PASSWORD", "demo1234")


def class_list(n: int, tag: str) -> bytes:
    return ("姓名,手机号\n" + "".join(f"{tag}村民{i},\n" for i in range(n))).encode()


def new_group(app, capacity: int = 1200) -> int:
    """A fresh group of mentor1's, big enough for a 500-row list (the demo's are smaller)."""
    from sqlalchemy import select

    from lms.extensions import db
    from lms.models import Cohort, MemberRole, Membership, User
    from lms.services.orgs import new_join_code

    with app.app_context():
        mentor = db.session.scalar(select(User).where(User.username == "mentor1"))
        cohort = Cohort(org_id=mentor.org_id, name=f"测速组{time.time_ns() % 10**6}", join_code=new_join_code(),
                        capacity=capacity)
        db.session.add(cohort)
        db.session.flush()
        db.session.add(Membership(cohort_id=cohort.id, user_id=mentor.id, role=MemberRole.MENTOR.value))
        db.session.commit()
        return cohort.id


def multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----bench" + os.urandom(8).hex()
    out = io.BytesIO()
    for key, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
              f"Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def web_import(b: Browser, cohort_id: int, n: int) -> tuple[float, float]:
    """(confirm POST seconds, confirm → cards seconds) for one list of n people."""
    form = b.fetch(f"/cohorts/{cohort_id}/roster")[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    body, kind = multipart({"csrf_token": token}, "list.csv", class_list(n, f"w{n}"))
    req = urllib.request.Request(f"{b.base}/cohorts/{cohort_id}/roster", data=body,
                                 headers={"Content-Type": kind, "Accept-Language": "zh-CN"})
    with b.opener.open(req, timeout=120) as resp:
        preview = resp.read().decode()
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', preview).group(1)
    jar = next(h for h in b.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    no_follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    start = time.perf_counter()
    data = urllib.parse.urlencode({"csrf_token": token, "content": content}).encode()
    try:
        no_follow.open(urllib.request.Request(f"{b.base}/cohorts/{cohort_id}/roster/import", data=data), timeout=120)
        raise SystemExit("the confirm did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 303, redirect.code
        status = redirect.headers["Location"]
    posted = time.perf_counter() - start
    while True:
        html = b.fetch(status)[1]
        if "signin-card" in html:
            break
        assert "导入失败" not in html, html[-1500:]
        time.sleep(0.25)   # a phone's meta refresh comes every 3 s; poll finer to measure the worker
    cards = time.perf_counter() - start
    assert html.count('class="card signin-card"') == n
    return posted, cards


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def api_import(app, threads: int, n: int = 500) -> float:
    from lms.extensions import db
    from lms.models import User
    from lms.services import accounts, orgs, roster

    cohort_id = new_group(app)
    with app.app_context():
        actor = db.session.scalar(db.select(User).where(User.username == "mentor1"))
        cohort = orgs.get_cohort_for(actor, cohort_id)
        original = accounts.HASH_THREADS
        accounts.hash_passwords.__defaults__ = (threads,)
        try:
            start = time.perf_counter()
            result = roster.do_import(actor, cohort, class_list(n, f"api{threads}"), dry_run=False)
            took = time.perf_counter() - start
        finally:
            accounts.hash_passwords.__defaults__ = (original,)
        assert len(result.created) == n, result.errors[:3]
        return took


def main() -> None:
    with tempfile.TemporaryDirectory() as instance:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
        env["LMS_INSTANCE"] = instance
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--demo", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base, proc)
            os.environ["LMS_INSTANCE"] = instance
            from lms import create_app
            from lms.config import Config

            app = create_app(Config())
            b = Browser(base)
            b.post_form("/auth/login", "/auth/login", {"login": "mentor1", "password": PASSWORD})
            print(f"{'web import (embedded worker)':32s} {'confirm POST':>13s} {'confirm -> cards':>17s}")
            for n in (100, 500):
                posted, cards = web_import(b, new_group(app), n)
                print(f"{n:4d} people{'':21s} {posted * 1000:10.0f} ms {cards:14.1f} s")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        print(f"{'API import of 500 (in-process)':32s} {'seconds':>13s} {'per row':>17s}")
        for threads in (1, 2):
            took = api_import(app, threads)
            print(f"hashing on {threads} thread{'s' if threads > 1 else ' '}{'':17s} {took:10.1f} s "
                  f"{took / 500 * 1000:14.0f} ms")


if __name__ == "__main__":
    main()
