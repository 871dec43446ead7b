"""Speech to text for mock livestreams: faster-whisper, offline, Chinese by default."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.errors import AudioError

from .audio import SAMPLE_RATE, AudioInput, load_audio
from .model import MODEL_SHA256, ensure_default_model, get_model, resolve_model
from .postprocess import clean_segments, looks_degenerate, richness, zh_punctuation

if TYPE_CHECKING:
    import numpy as np
    from faster_whisper import WhisperModel

__all__ = ["MODEL_SHA256", "ensure_default_model", "get_model", "load_audio", "looks_degenerate",
           "resolve_model", "transcribe", "zh_punctuation"]

# Prompts, tried in order until a transcript looks sane. The first is written the way we want
# the output (simplified characters, Chinese punctuation, hesitation fillers kept: Whisper drops
# fillers unless the prompt shows them). The base model sometimes copies or derails on a
# prompt, so a plainer prompt and then none are the fallbacks.
ZH_PROMPTS: tuple[str | None, ...] = (
    "那个，就是说，以下是普通话的句子。",
    "以下是普通话的句子。",
    None,
)
DETECT_MIN_PROBABILITY = 0.5
DECODE_SEED = 20260101

# Silero VAD skips long silences; segment times stay on the original timeline, so a pause
# shows up as a gap between segments (the livestream critic measures those).
VAD_PARAMETERS = {"min_silence_duration_ms": 700, "speech_pad_ms": 300}


def transcribe(
    audio: AudioInput, *, language: str = "zh", detect_language: bool = False,
    model: str | WhisperModel | None = None, limit_bytes: int | None = None,
    limit_seconds: float | None = None,
) -> dict[str, Any]:
    """{"language", "duration", "segments": [{"start", "end", "text"}]} for a recording."""
    samples = load_audio(audio, limit_bytes=limit_bytes, limit_seconds=limit_seconds)
    duration = len(samples) / SAMPLE_RATE
    whisper = model if model is not None and not isinstance(model, str) else get_model(model)
    lang = _detect(whisper, samples, language) if detect_language else language
    attempts = []
    for prompt in ZH_PROMPTS if lang == "zh" else (None,):
        segments = _run(whisper, samples, lang, prompt, duration)
        if not looks_degenerate(segments, prompt):
            break
        attempts.append((richness(segments, prompt), segments))
    else:  # every prompt misfired: keep the attempt that heard the most
        best, segments = max(attempts, key=lambda a: a[0])
        if not best:
            segments = []
    if not segments:
        raise AudioError("录音里没有听到说话声，请靠近手机再录一次。", code="audio.no_speech",
                         message_en="No speech was heard in the recording; speak closer to the phone.")
    return {"language": lang, "duration": round(duration, 2), "segments": segments}


def _run(whisper: WhisperModel, samples: np.ndarray, lang: str, prompt: str | None,
         duration: float) -> list[dict[str, Any]]:
    """One decoding pass with beam search, VAD and the given prompt. Whisper falls back to
    sampling at higher temperatures when a window decodes badly; a fixed seed makes that
    reproducible, so the same recording always gets the same transcript (and feedback)."""
    import ctranslate2

    ctranslate2.set_random_seed(DECODE_SEED)
    segments, _info = whisper.transcribe(
        samples, language=lang, beam_size=5, vad_filter=True, vad_parameters=VAD_PARAMETERS,
        initial_prompt=prompt, condition_on_previous_text=True,
    )
    return clean_segments(segments, duration)


def _detect(whisper: WhisperModel, samples: np.ndarray, default: str) -> str:
    """The spoken language detected on the speech parts; `default` unless fairly sure."""
    language, probability, _all = whisper.detect_language(samples, vad_filter=True)
    return language if probability >= DETECT_MIN_PROBABILITY else default
