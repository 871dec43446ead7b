"""The worker half of the loop with real parts: a real Celery worker (embedded broker, or Redis
under CI), the real Whisper model on a spoken clip, an OpenAI-compatible server on 127.0.0.1 for
the LLM, and a worker killed mid-job whose submission still completes once."""

from __future__ import annotations

import io
import re
import time
import wave

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import AttemptStatus, Task, TaskAttempt
from tests.conftest import api_headers, make_learner, post_form
from tests.helpers import Worker
from tests.tutor.fake_llm import FakeLLM, Reply, answer, error, review_for, rules_critique
from tests.tutor.test_asr import MANDARIN_VOICES, speak

COPY = {"title": "赣南脐橙 信丰产地直发 5斤装",
        "body": "产地江西赣州信丰县，5斤装约12个，11月中旬现摘现发，常温阴凉处可放15天，顺丰包邮48小时内发货。"}


def spoken_with_a_pause(tmp_path) -> bytes:
    """Two short spoken sentences with 6 s of silence between them, as one WAV: short phrases
    are what the base model hears most reliably in espeak's voice, and the gap is a long pause."""
    clips = []
    for n, text in enumerate(("大家好，欢迎来到直播间。", "这是陕西周至的猕猴桃，五斤装，三十九块九。")):
        folder = tmp_path / f"s{n}"
        folder.mkdir()
        clips.append(io.BytesIO(speak(text, MANDARIN_VOICES, folder)))
    out = io.BytesIO()
    with wave.open(clips[0]) as first, wave.open(clips[1]) as second, wave.open(out, "wb") as joined:
        joined.setparams(first.getparams())
        silence = b"\x00" * (first.getframerate() * first.getsampwidth() * 6)
        joined.writeframes(first.readframes(first.getnframes()) + silence
                           + second.readframes(second.getnframes()))
    return out.getvalue()


@pytest.fixture
def fake_llm():
    server = FakeLLM().start()
    yield server
    server.stop()


def llm_settings(server: FakeLLM | None, timeout: float = 30) -> dict:
    return {"base_url": server.base_url if server else "", "model": "fake-model" if server else "",
            "api_key": "test-key", "timeout": timeout, "max_retries": 0, "daily_limit": 100}


@pytest.fixture
def workers(app, database_url, instance_dir):
    """Start workers with start(llm=...); every one is stopped at the end of the test."""
    app.extensions["celery"].control.purge()  # nothing left over from earlier tests
    started: list[Worker] = []

    def start(llm: dict | None = None) -> Worker:
        started.append(Worker(app.config["CELERY"]["broker_url"], database_url, instance_dir, llm))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def reload(attempt_id: int) -> TaskAttempt:
    db.session.expire_all()
    return db.session.get(TaskAttempt, attempt_id)


def wait_for(attempt_id: int, predicate, timeout: float = 120, worker: Worker | None = None):
    deadline = time.monotonic() + timeout
    while True:
        attempt = reload(attempt_id)
        if predicate(attempt):
            return attempt
        if time.monotonic() > deadline:
            log = worker.stop() if worker else ""
            pytest.fail(f"attempt {attempt_id} stuck at {attempt.status}: {log}")
        time.sleep(0.3)


def task(slug: str) -> Task:
    return db.session.scalar(select(Task).where(Task.slug == slug))


def livestream_task() -> Task:
    return db.session.scalar(select(Task).where(Task.kind == "livestream", Task.is_active.is_(True))
                             .order_by(Task.id))


@pytest.mark.slow
def test_recording_waits_for_a_worker_then_gets_a_timed_transcript(app, client, real_synced,
                                                                    login_as, workers, tmp_path):
    login_as("learner")
    row = livestream_task()
    wav = spoken_with_a_pause(tmp_path)
    page = f"/learn/tasks/{row.slug}"
    assert 'accept="audio/*"' in client.get(page).get_data(as_text=True)
    response = post_form(client, f"{page}/submit",
                         {"key": "rec-1", "version": row.current.id, "text": "",
                          "audio": (io.BytesIO(wav), "live.wav", "audio/wav")},
                         token_from=page, content_type="multipart/form-data")
    assert response.status_code == 303
    url = response.headers["Location"]
    attempt = db.session.scalar(select(TaskAttempt))
    assert attempt.status == AttemptStatus.QUEUED and attempt.has_audio and attempt.critique is None
    waiting = client.get(url).get_data(as_text=True)
    assert "Feedback is delayed." in waiting          # no worker is alive yet
    assert 'http-equiv="refresh"' in waiting          # with JavaScript off a refresh shows progress
    audio = client.get(f"{url}/audio")
    assert audio.status_code == 200 and audio.data == wav

    worker = workers()
    done = wait_for(attempt.id, lambda a: a.status == AttemptStatus.DONE, 240, worker)
    assert done.transcript["segments"] and done.critique["metrics"]["timed"] is True
    assert done.critique["kind"] == "livestream" and "pace_cpm" in done.critique["metrics"]
    html = client.get(url).get_data(as_text=True)
    assert "Minute 1:" in html and "characters/min" in html and f"Score {done.score}" in html
    assert re.search(r'<span class="ts">0:\d\d</span>', html)
    assert f'src="{url}/audio"' in html


def test_text_with_an_llm_gets_ai_suggestions_from_the_worker(app, client, synced, workers,
                                                              fake_llm):
    rules = rules_critique("copy", COPY, {"product": "赣南脐橙"})
    fake_llm.script(answer(review_for(rules)))
    app.config["TUTOR_LLM"] = llm_settings(fake_llm)
    learner = make_learner()
    headers = api_headers(client, learner)
    created = client.post(f"/api/v1/tasks/{task('demo-copy').id}/submissions", json=COPY,
                          headers=headers).get_json()
    assert created["status"] == "critiquing"
    first = client.get(f"/api/v1/submissions/{created['id']}", headers=headers).get_json()
    assert first["critique"]["engine"] == "rules" and first["score"] is not None  # rules at once
    worker = workers(llm_settings(fake_llm))
    done = wait_for(created["id"], lambda a: a.status == AttemptStatus.DONE, 90, worker)
    assert done.critique["engine"] == "rules+llm" and done.critique["strengths"]
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize("reply", [error(500), Reply(body="not json at all"),
                                   Reply(body={"choices": []})])
def test_llm_down_or_garbage_leaves_the_rule_critique(app, client, synced, workers, fake_llm, reply):
    fake_llm.script(reply)
    app.config["TUTOR_LLM"] = llm_settings(fake_llm)
    learner = make_learner()
    headers = api_headers(client, learner)
    created = client.post(f"/api/v1/tasks/{task('demo-copy').id}/submissions", json=COPY,
                          headers=headers).get_json()
    worker = workers(llm_settings(fake_llm))
    done = wait_for(created["id"], lambda a: a.status == AttemptStatus.DONE, 90, worker)
    assert done.critique["engine"] == "rules" and done.critique["llm_status"] != "ok"
    assert done.passed and done.score >= 70


def test_a_worker_killed_mid_job_is_replaced_and_the_attempt_completes_once(
        app, client, synced, workers, fake_llm):
    rules = rules_critique("copy", COPY, {"product": "赣南脐橙"})
    fake_llm.script(Reply(body=answer(review_for(rules)).body, delay=60))
    app.config["TUTOR_LLM"] = llm_settings(fake_llm, timeout=90)
    headers = api_headers(client, make_learner())
    created = client.post(f"/api/v1/tasks/{task('demo-copy').id}/submissions", json=COPY,
                          headers=headers).get_json()
    first = workers(llm_settings(fake_llm, timeout=90))
    deadline = time.monotonic() + 60
    while not fake_llm.requests:                       # the worker is inside the LLM call
        assert time.monotonic() < deadline, first.stop()
        time.sleep(0.2)
    first.kill()
    stuck = reload(created["id"])
    assert stuck.status == AttemptStatus.CRITIQUING and stuck.critique["engine"] == "rules"
    fake_llm.script(answer(review_for(rules)))
    second = workers(llm_settings(fake_llm))
    done = wait_for(created["id"], lambda a: a.status == AttemptStatus.DONE, 90, second)
    assert done.critique["engine"] == "rules+llm" and done.tries >= 2
    assert db.session.scalar(select(func.count(TaskAttempt.id))) == 1
    time.sleep(3)  # a redelivered copy of the message must not write a second critique
    assert reload(created["id"]).updated_at == done.updated_at


def test_broken_audio_is_refused_at_upload_and_nothing_is_stored(client, real_synced, login_as):
    login_as("learner")
    row = livestream_task()
    page = f"/learn/tasks/{row.slug}"
    for data, name in ((b"this is not audio" * 100, "x.webm"), (b"", "empty.wav")):
        response = post_form(client, f"{page}/submit",
                             {"key": f"bad{len(data)}", "version": row.current.id, "text": "",
                              "audio": (io.BytesIO(data), name, "audio/webm")},
                             token_from=page, content_type="multipart/form-data")
        assert response.status_code == 400
    assert db.session.scalar(select(func.count(TaskAttempt.id))) == 0
