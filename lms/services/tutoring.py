"""The one door from `lms` into the tutor library: kinds, critiques, audio checks, transcripts.

Everything the app needs from `tutor/` goes through here, with the app's own settings (limits,
the LLM endpoint, the Whisper model) passed in explicitly, so the library never reads the
app's environment and the rest of `lms` never imports `tutor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from tutor import KIND_SPECS, critique
from tutor.errors import AudioError, InputError
from tutor.text import spoken_units

__all__ = ["AudioError", "InputError", "ProbedAudio", "accepts_audio", "critique_rules",
           "critique_with_llm", "input_fields", "llm_configured", "payload_for", "probe_audio",
           "spoken_units", "text_field", "transcribe", "tutor_brief"]


def input_fields(kind: str) -> tuple[str, ...]:
    """The fields a learner writes for a task kind (the tutor's kind registry); () for quizzes."""
    spec = KIND_SPECS.get(kind)
    return spec.input_fields if spec else ()


def text_field(kind: str) -> str:
    """The field that must not be empty (copy: body, reply: reply, livestream: text)."""
    return KIND_SPECS[kind].text_key


def accepts_audio(kind: str) -> bool:
    """Whether a recording can answer this kind (livestream)."""
    spec = KIND_SPECS.get(kind)
    return bool(spec and spec.accepts_audio)


def tutor_brief(definition: dict[str, Any]) -> dict[str, Any]:
    """The task's brief in the shape `tutor.critique` takes (product, facts, required info, title
    limit): the facts let the tutor's examples quote the task's own product."""
    brief = definition.get("brief") or {}
    out: dict[str, Any] = {}
    for key in ("product", "facts", "required_info", "title_max_bytes"):
        if brief.get(key):
            out[key] = brief[key]
    return out


def payload_for(kind: str, definition: dict[str, Any], fields: dict[str, str],
                transcript: dict[str, Any] | None = None) -> dict[str, Any]:
    """The tutor input for a submission: the learner's fields (or the timed transcript) plus the
    context the kind reads from the brief (a reply answers the buyer's message)."""
    spec = KIND_SPECS[kind]
    payload: dict[str, Any] = {k: v for k, v in fields.items() if k in spec.input_fields and v.strip()}
    if transcript is not None:
        payload = {"segments": transcript["segments"]}
    brief = definition.get("brief") or {}
    for key in spec.context_fields:
        if brief.get(key):
            payload[key] = brief[key]
    return payload


def _rubric(definition: dict[str, Any]) -> list[dict[str, Any]] | None:
    rubric = [{"id": c["id"], "weight": c["weight"]} for c in definition.get("rubric") or ()]
    return rubric or None


def critique_rules(kind: str, definition: dict[str, Any], payload: dict[str, Any],
                   locale: str) -> dict[str, Any]:
    """The rule critique (milliseconds): the task's rubric and pass score, the learner's language."""
    return critique(kind, payload, tutor_brief(definition), rubric=_rubric(definition),
                    pass_score=definition.get("pass_score"), locale=locale)


def llm_configured() -> bool:
    """True when the app has an LLM endpoint and model configured."""
    settings = current_app.config.get("TUTOR_LLM") or {}
    return bool(settings.get("base_url") and settings.get("model"))


def _llm_critic():
    """One LLMCritic per app (its cache lives with it; the daily budget is in the database, shared
    by every worker); None without an LLM."""
    if not llm_configured():
        return None
    critic = current_app.extensions.get("lms.llm_critic")
    if critic is None:
        from lms.services.llm_budget import DatabaseBudget
        from tutor.llm import LLMCritic

        settings = current_app.config["TUTOR_LLM"]
        critic = LLMCritic(base_url=settings["base_url"], model=settings["model"],
                           api_key=settings["api_key"], timeout=settings["timeout"],
                           max_retries=settings["max_retries"],
                           budget=DatabaseBudget(settings["daily_limit"]))
        current_app.extensions["lms.llm_critic"] = critic
    return critic


def critique_with_llm(kind: str, definition: dict[str, Any], payload: dict[str, Any], locale: str,
                      learner_key: str) -> dict[str, Any]:
    """Rules, then the LLM's review bounded by the rules' caps; the rule critique (labelled with
    llm_status) when the LLM is down, slow, over budget or answers garbage. Workers only."""
    critic = _llm_critic()
    llm = critic.for_learner(learner_key) if critic is not None else None
    return critique(kind, payload, tutor_brief(definition), rubric=_rubric(definition),
                    pass_score=definition.get("pass_score"), llm=llm, locale=locale)


@dataclass(frozen=True)
class ProbedAudio:
    """An upload that decoded as audio within the limits."""

    duration: float


def probe_audio(data: bytes) -> ProbedAudio:
    """Decode an upload to check it is usable audio within the app's limits; AudioError if not."""
    from tutor.asr.audio import SAMPLE_RATE, load_audio

    samples = load_audio(data, limit_bytes=current_app.config["AUDIO_MAX_BYTES"],
                         limit_seconds=current_app.config["AUDIO_MAX_SECONDS"])
    return ProbedAudio(duration=round(len(samples) / SAMPLE_RATE, 2))


def transcribe(data: bytes) -> dict[str, Any]:
    """Whisper on a stored recording (workers only): {"language", "duration", "segments"}."""
    from tutor.asr import transcribe as run

    return run(data, model=current_app.config.get("WHISPER_MODEL"),
               limit_bytes=current_app.config["AUDIO_MAX_BYTES"],
               limit_seconds=current_app.config["AUDIO_MAX_SECONDS"])
