"""A learner records a mock livestream in the browser — the real MediaRecorder, fed by
Chromium's fake microphone from a WAV file — listens back, uploads it, and once a real worker
has transcribed it with Whisper reads the transcript timeline on a 360×740 phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from courses.loader import load_catalog
from lms.extensions import db
from lms.models import AttemptStatus, TaskAttempt
from lms.services.catalog import sync_catalog
from tests.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    assert_fits_phone,
    make_learner,
    skip_or_fail,
)
from tests.learn.test_submission_worker import (  # noqa: F401
    livestream_task,
    spoken_with_a_pause,
    wait_for,
    workers,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def mic_phone(browser, tmp_path):
    """A phone-sized page whose microphone plays a spoken WAV file: a second Chromium with the
    fake-microphone switches, launched by the session's Playwright (one per process)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium is not installed (apt-get install -y chromium)")
    wav = tmp_path / "mic.wav"
    wav.write_bytes(spoken_with_a_pause(tmp_path))
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}"]
    with_mic = browser.browser_type.launch(executable_path=CHROMIUM, args=args, headless=True)
    context = with_mic.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                   is_mobile=True, has_touch=True)
    yield context.new_page()
    with_mic.close()


def test_record_listen_back_upload_and_read_the_timeline(app, live_server, mic_phone, workers):  # noqa: F811
    sync_catalog(load_catalog())
    learner = make_learner()
    phone = mic_phone
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button.primary")
    phone.wait_for_url("**/learn/**")
    phone.goto(f"{live_server}/learn/tasks/{livestream_task().slug}")
    assert phone.locator("[data-act=start]").is_visible()
    assert not phone.locator("[data-act=send]").is_visible()
    assert_fits_phone(phone)
    phone.click("[data-act=start]")
    # a locator wait, not wait_for_function: a string predicate needs eval, which the CSP forbids
    expect(phone.locator(".timer")).to_have_text("0:14", timeout=30000)
    assert phone.evaluate("document.querySelector('meter.level') !== null")
    phone.click("[data-act=stop]")
    phone.wait_for_selector("[data-act=send]", state="visible")
    assert phone.locator(".recbox audio").is_visible()          # listen back
    assert phone.locator("[data-act=again]").is_visible()       # record again
    phone.click("[data-act=send]")
    phone.wait_for_url("**/learn/submissions/*", timeout=30000)
    attempt = db.session.scalar(select(TaskAttempt))
    assert attempt.has_audio and attempt.audio.mime.startswith("audio/webm")
    worker = workers()
    done = wait_for(attempt.id, lambda a: a.status == AttemptStatus.DONE, 240, worker)
    assert done.transcript["segments"]
    phone.wait_for_selector("ol.tl", timeout=30000)             # the page reloads by itself
    assert "第 1 分钟" in phone.inner_text("main")
    assert phone.locator("ol.tl li").count() >= 1
    assert_fits_phone(phone)
