"""Read-aloud on a lesson at 360×740: a phone without a Chinese voice says so instead of
showing "停止朗读" in silence, and the button comes back when the reading ends or fails."""

from __future__ import annotations

import pytest

from courses.loader import load_catalog
from lms.services.catalog import sync_catalog
from tests.conftest import PASSWORD, assert_fits_phone, make_learner
from tests.helpers import MINI

pytestmark = pytest.mark.browser

NO_VOICE = "这台手机没有中文朗读语音"
FAILED = "朗读没有开始"

# A speech engine the test drives: voices are added late (as Android does, with
# "voiceschanged"), and each queued utterance ends or fails when the test says so.
FAKE_SPEECH = """(() => {
  const voices = [], queue = [];
  const engine = new EventTarget();
  Object.assign(engine, {
    speaking: false, pending: false, spoken: [],
    getVoices: () => voices.slice(),
    speak(u) { queue.push(u); engine.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
               engine.speaking = true; setTimeout(() => u.dispatchEvent(new Event("start")), 0); },
    cancel() { const left = queue.splice(0); engine.speaking = false; left.forEach(u => fire(u, "interrupted")); },
  });
  function fire(u, error) { const e = new Event(error ? "error" : "end"); if (error) e.error = error; u.dispatchEvent(e); }
  class Utterance extends EventTarget {
    constructor(text) { super(); Object.assign(this, {text, lang: "", voice: null, rate: 1}); }
  }
  window.speech = {
    engine,
    addVoices(...langs) {
      langs.forEach(lang => voices.push({lang, name: lang, voiceURI: lang, localService: true, default: false}));
      engine.dispatchEvent(new Event("voiceschanged"));
    },
    endAll() { const done = queue.splice(0); engine.speaking = false; done.forEach(u => fire(u)); },
    fail(error) { const u = queue.shift(); engine.speaking = false; fire(u, error); },
  };
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
})()"""


@pytest.fixture
def lesson(live_server, phone):
    """A signed-in learner's phone, ready to open the first lesson of the small catalog."""
    sync_catalog(load_catalog(MINI))
    learner = make_learner()
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=login]", learner.login_name)
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button.primary")
    phone.wait_for_url("**/learn/")
    return f"{live_server}/learn/lessons/demo-one"


def button(phone) -> tuple[str, str | None]:
    return phone.inner_text("#say"), phone.get_attribute("#say", "aria-pressed")


def test_a_phone_with_no_voices_says_there_is_no_chinese_voice(lesson, phone, tmp_path):
    """Headless Chromium here has no voices at all, like many cheap phones."""
    phone.goto(lesson)
    if phone.evaluate("speechSynthesis.getVoices().some(v => /^(zh|cmn|yue)/i.test(v.lang))"):
        pytest.skip("this Chromium has a Chinese voice")
    phone.click("#say")
    phone.wait_for_selector("#say-msg:visible", timeout=5000)
    assert NO_VOICE in phone.inner_text("#say-msg")
    assert button(phone) == ("朗读", "false")
    assert phone.is_enabled("#say")
    assert_fits_phone(phone)
    phone.screenshot(path=str(tmp_path / "no-voice.png"), full_page=True)


def test_only_english_voices_arriving_late_still_means_no_chinese_voice(lesson, phone):
    phone.add_init_script(FAKE_SPEECH)
    phone.goto(lesson)
    phone.click("#say")
    phone.evaluate("speech.addVoices('en-US')")
    phone.wait_for_selector("#say-msg:visible")
    assert NO_VOICE in phone.inner_text("#say-msg")
    assert button(phone) == ("朗读", "false")
    assert phone.evaluate("speech.engine.spoken") == []


def test_a_chinese_voice_arriving_late_reads_and_the_button_comes_back(lesson, phone):
    phone.add_init_script(FAKE_SPEECH)
    phone.goto(lesson)
    phone.click("#say")
    assert phone.is_disabled("#say")             # waiting for the voices, not "stop"
    phone.evaluate("speech.addVoices('en-US'); speech.addVoices('zh-HK', 'zh_CN')")
    phone.wait_for_selector("#say[aria-pressed=true]")
    assert button(phone) == ("停止朗读", "true")
    spoken = phone.evaluate("speech.engine.spoken")
    assert spoken and {s["voice"] for s in spoken} == {"zh_CN"}   # the mainland Mandarin voice
    assert "".join(s["text"] for s in spoken).startswith(phone.inner_text(".keys h2"))
    phone.evaluate("speech.endAll()")
    phone.wait_for_selector("#say[aria-pressed=false]")
    assert button(phone) == ("朗读", "false")
    assert phone.is_hidden("#say-msg")


def test_a_failed_reading_resets_the_button_and_says_so(lesson, phone):
    phone.add_init_script(FAKE_SPEECH + ";speech.addVoices('zh-CN')")
    phone.goto(lesson)
    phone.click("#say")
    assert button(phone) == ("停止朗读", "true")
    phone.evaluate("speech.fail('synthesis-failed')")
    phone.wait_for_selector("#say-msg:visible")
    assert FAILED in phone.inner_text("#say-msg")
    assert button(phone) == ("朗读", "false")
    phone.click("#say")                          # and it can be tried again
    assert button(phone) == ("停止朗读", "true")
    assert phone.is_hidden("#say-msg")


def test_tapping_stop_stops_the_reading(lesson, phone):
    phone.add_init_script(FAKE_SPEECH + ";speech.addVoices('zh-CN')")
    phone.goto(lesson)
    phone.click("#say")
    assert button(phone) == ("停止朗读", "true")
    phone.click("#say")
    assert button(phone) == ("朗读", "false")
    assert phone.evaluate("speech.engine.speaking") is False
    assert phone.is_hidden("#say-msg")           # a stop the learner asked for is no error


def test_the_message_is_in_english_for_english_learners(lesson, phone):
    phone.add_init_script(FAKE_SPEECH + ";speech.addVoices('en-US')")
    phone.goto(lesson)
    phone.click("header.top button[name=lang]")
    phone.wait_for_selector("html[lang=en]")
    phone.click("#say")
    phone.wait_for_selector("#say-msg:visible")
    assert "no Chinese voice" in phone.inner_text("#say-msg")
    assert button(phone) == ("Read aloud", "false")
