"""Helpers every audience folder of the tests may use: the small test catalog, form posts the
way a browser sends them, practice submissions and mentor reviews. (Fixtures live in
conftest.py files; this module holds plain functions and data.)"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import Role, Task, TaskAttempt
from lms.services.catalog import sync_catalog
from tests.conftest import MINI, csrf_token, make_cohort, make_org, make_user, post_form

RIGHT = {"q-q1": "b", "q-q2": ["a", "b"], "q-q3": "false"}   # the mini quiz answered right
PCT_RE = re.compile(r'class="pct">(\d+)%')

GOOD_COPY = {
    "title": "赣南脐橙 信丰产地直发 5斤装",
    "body": "产地江西赣州信丰县，5斤装约12个，11月中旬现摘现发，常温阴凉处可放15天，"
            "顺丰包邮48小时内发货，坏果包赔。",
}
BAD_COPY = {"title": "最好吃的脐橙", "body": "这是全网最低价的脐橙，吃了能治疗高血压，加微信下单更便宜。"}
GOOD_REPLY = "非常抱歉让您收到坏果！麻烦您拍张照片，我们马上给您补发三个，或者按坏果退款。"


def mini_group():
    """The small catalog synced, and a new village's mentor and group: (mentor, cohort, tasks)."""
    sync_catalog(load_catalog(MINI))
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    tasks = {t.slug: t for t in db.session.scalars(select(Task))}
    return mentor, make_cohort(org, staff=mentor), tasks


def form_post(client, url: str, data: dict, page: str):
    """POST a form with a CSRF token read from `page` (the page that shows the form)."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def percents(html: str) -> list[int]:
    """Every progress percentage shown on a page, in order."""
    return [int(p) for p in PCT_RE.findall(html)]


def task(slug: str) -> Task:
    return db.session.scalar(select(Task).where(Task.slug == slug))


def attempts() -> list[TaskAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(TaskAttempt).order_by(TaskAttempt.id)))


def submit(client, slug: str, fields: dict, **extra):
    """Submit practice work from the task page's form (its idempotency key and version)."""
    row = task(slug)
    data = {"key": extra.pop("key", None) or f"k{len(attempts())}x", "version": row.current.id,
            **fields, **extra}
    return post_form(client, f"/learn/tasks/{slug}/submit", data, token_from=f"/learn/tasks/{slug}")


def review(client, attempt, **fields):
    """A mentor's review form sent as the browser sends it (the key the form carries)."""
    page = f"/reviews/{attempt.id}"
    token = csrf_token(client, page)
    key = fields.pop("key", None)
    if key is None:
        key = re.search(r'name="key" type="hidden" value="([^"]+)"', client.get(page).get_data(as_text=True)).group(1)
    return client.post(page, data={"csrf_token": token, "key": key, "passed": "keep", **fields})


ROOT = Path(__file__).resolve().parents[1]


class Worker:
    """A real `celery worker` process on the app's database and broker."""

    def __init__(self, broker_url: str, database_url: str, instance: Path, llm: dict | None = None):
        env = dict(os.environ, DATABASE_URL=database_url, LMS_INSTANCE=str(instance),
                   CELERY_BROKER_URL=broker_url,
                   LMS_ATTEMPT_STUCK_SECONDS="2", LMS_SWEEP_SECONDS="1", TUTOR_ASR_THREADS="2",
                   LMS_PASSWORD_HASH="scrypt:1024:8:1")   # the light scrypt of TestConfig
        for key in ("TUTOR_LLM_BASE_URL", "TUTOR_LLM_MODEL"):
            env.pop(key, None)
        if llm and llm["base_url"]:
            env.update(TUTOR_LLM_BASE_URL=llm["base_url"], TUTOR_LLM_MODEL=llm["model"],
                       TUTOR_LLM_API_KEY="test-key", TUTOR_LLM_TIMEOUT=str(llm["timeout"]),
                       TUTOR_LLM_MAX_RETRIES="0")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms.wsgi:celery_app", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "-n", f"sub-{os.getpid()}-{time.time_ns()}@localhost",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return (out or b"").decode(errors="replace")[-3000:]
