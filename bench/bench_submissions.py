"""Practice-loop budgets (SPEC §4), measured against a fresh `lms serve --demo --no-worker`:
the task page with the recorder and the feedback page (gzip HTML + CSS + JS, budget 14 KB),
text submit → rule feedback on screen (budget 2 s), then in-process: rules-only critiques per
minute, and a ~60 s spoken recording → transcript + rules (time, real-time factor).
Prints numbers; asserts nothing. `--no-audio` skips the Whisper part."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import BUDGET, ROOT, Browser, free_port, wait_up

COPY = {"title": "赣南脐橙 信丰产地直发 5斤装",
        "body": "产地江西赣州信丰县，5斤装约12个，11月中旬现摘现发，常温阴凉处可放15天，"
                "顺丰包邮48小时内发货。这是全网最低价，吃了能治疗感冒，加微信下单。"}
SPEECH = ("大家好，欢迎来到我们的直播间。今天给大家介绍江西赣州信丰县的赣南脐橙。五斤装，"
          "单果果径七十五到八十毫米。现摘现发，顺丰包邮。喜欢的家人们可以点个关注，在评论区扣一。"
          "下单请点击下方小黄车一号链接。今天的价格是三十九块九，库存只有两百单。")


def task_links(b: Browser, track: str) -> list[str]:
    course = re.search(r'href="(/learn/courses/[^"]+)"', b.fetch(f"/learn/tracks/{track}")[1]).group(1)
    return re.findall(r'href="(/learn/tasks/[^"]+)"', b.fetch(course)[1])


def web_part(b: Browser) -> None:
    b.post_form("/auth/login", "/auth/login", {"login": "learner1", "password":
                                               os.environ.get("LMS_DEMO_PASSWORD", "demo1234")})
    copy_task = next(t for t in task_links(b, "basic") if "quiz" not in t)
    live = []
    for path in b.fetch("/learn/tracks/livestream")[1].split('href="')[1:]:
        path = path.split('"', 1)[0]
        if path.startswith("/learn/courses/"):
            live += re.findall(r'href="(/learn/tasks/[^"]+)"', b.fetch(path)[1])
    recorder = next(t for t in live if 'id="rec"' in b.fetch(t)[1])
    rows = [("task page with recorder", *b.page_size(recorder)),
            ("copy task page", *b.page_size(copy_task))]
    times = []
    feedback_url = None
    for _ in range(7):
        html = b.fetch(copy_task)[1]
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        start = time.perf_counter()
        page = b.fetch(f"{copy_task}/submit", {"csrf_token": token, "key": uuid.uuid4().hex,
                                               "version": version, **COPY})[1]
        times.append(time.perf_counter() - start)
        assert "hl error" in page, "feedback page without highlights"
        feedback_url = re.search(r'href="(/learn/submissions/\d+)">', page)
    rows.append(("feedback page (after 7 attempts)",
                 *b.page_size(feedback_url.group(1) if feedback_url else "/learn/")))
    print(f"{'page':34s} {'html':>7s} {'html+css+js':>12s}  budget {BUDGET} B")
    for name, html, total in rows:
        print(f"{name:34s} {html:7d} {total:12d}  {'ok' if total <= BUDGET else 'OVER'}")
    print(f"text submit -> feedback page: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {len(times)} (budget 2000 ms)")


def worker_part(audio: bool) -> None:
    from lms import create_app
    from lms.config import Config
    from lms.instance import prepare_instance
    from lms.services import tutoring

    app = create_app(Config())

    prepare_instance(app)
    definition = {"kind": "copy", "pass_score": 70, "brief": {"product": "赣南脐橙"}}
    with app.app_context():
        payload = tutoring.payload_for("copy", definition, COPY)
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 5:
            tutoring.critique_rules("copy", definition, payload, "zh_CN")
            n += 1
        per_min = n * 60 / (time.perf_counter() - start)
        print(f"rules-only critiques: {per_min:,.0f} per minute on one core ({n} in 5 s)")
        if not audio or not shutil.which("espeak-ng"):
            return
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "live.wav"
            subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "120", "-w", str(wav),
                            "。".join([SPEECH] * 2)], check=True, capture_output=True)
            data = wav.read_bytes()
            live = {"kind": "livestream", "pass_score": 70}
            start = time.perf_counter()
            transcript = tutoring.transcribe(data)
            mid = time.perf_counter()
            tutoring.critique_rules("livestream", live, tutoring.payload_for(
                "livestream", live, {}, transcript), "zh_CN")
            end = time.perf_counter()
            duration = transcript["duration"]
            print(f"recording of {duration:.0f} s: transcribe {mid - start:.1f} s + rules "
                  f"{(end - mid) * 1000:.0f} ms = {end - start:.1f} s, real-time factor "
                  f"{(end - start) / duration:.2f} (budget 0.5); about {60 / (end - start) * duration / 60:.1f} "
                  f"such minutes transcribed per minute per worker")


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
            web_part(Browser(base))
        finally:
            proc.terminate()
            proc.wait(timeout=15)
        os.environ["LMS_INSTANCE"] = instance
        worker_part(audio="--no-audio" not in sys.argv)


if __name__ == "__main__":
    main()
