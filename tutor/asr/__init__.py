"""Speech to text for mock livestreams: faster-whisper, offline, Chinese by default."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tutor.errors import AudioError

from .audio import SAMPLE_RATE, AudioInput, load_audio
from .model import MODEL_SHA256, ensure_default_model, get_model, resolve_model

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

__all__ = ["MODEL_SHA256", "ensure_default_model", "get_model", "load_audio", "resolve_model",
           "transcribe"]

# Prompts, tried in order until a transcript looks sane. The first is written the way we want
# the output (simplified characters, Chinese punctuation, hesitation fillers kept: Whisper drops
# fillers unless the prompt shows them). The base model sometimes copies or derails on a
# prompt, so a plainer prompt and then none are the fallbacks.
ZH_PROMPTS: tuple[str | None, ...] = (
    "那个，就是说，以下是普通话的句子。",
    "以下是普通话的句子。",
    None,
)

# Silero VAD skips long silences; segment times stay on the original timeline, so a pause
# shows up as a gap between segments (the livestream critic measures those).
DETECT_MIN_PROBABILITY = 0.5

VAD_PARAMETERS = {"min_silence_duration_ms": 700, "speech_pad_ms": 300}


def transcribe(
    audio: AudioInput, *, language: str = "zh", detect_language: bool = False,
    model: str | WhisperModel | None = None,
) -> dict[str, Any]:
    """{"language", "duration", "segments": [{"start", "end", "text"}]} for a recording."""
    samples = load_audio(audio)
    whisper = model if model is not None and not isinstance(model, str) else get_model(model)
    lang = _detect(whisper, samples, language) if detect_language else language
    prompts = ZH_PROMPTS if lang == "zh" else (None,)
    for prompt in prompts:
        segments, info = whisper.transcribe(
            samples, language=lang, beam_size=5, vad_filter=True, vad_parameters=VAD_PARAMETERS,
            initial_prompt=prompt, condition_on_previous_text=True,
        )
        result = [_segment(s) for s in segments if s.text.strip()]
        if not looks_degenerate(result):
            break
    if not result:
        raise AudioError("录音里没有听到说话声，请靠近手机再录一次。", code="audio.no_speech",
                         message_en="No speech was heard in the recording; speak closer to the phone.")
    return {"language": info.language, "duration": round(len(samples) / SAMPLE_RATE, 2),
            "segments": result}


def looks_degenerate(segments: list[dict]) -> bool:
    """Empty, a long segment with hardly any text (prompt copied), or a runaway repeat."""
    if not segments:
        return True
    for seg in segments:
        span, text = seg["end"] - seg["start"], seg["text"]
        if span > 10 and len(text) / span < 1.0:
            return True
        if _REPEAT.search(text):
            return True
    return False


_REPEAT = re.compile(r"(.)\1{7,}")


def _detect(whisper: WhisperModel, samples, default: str) -> str:
    """The spoken language detected on the speech parts; `default` unless fairly sure."""
    language, probability, _all = whisper.detect_language(samples, vad_filter=True)
    return language if probability >= DETECT_MIN_PROBABILITY else default


def _segment(segment: Any) -> dict[str, Any]:
    """One Whisper segment as plain JSON, text in simplified Chinese when possible."""
    return {"start": round(segment.start, 2), "end": round(segment.end, 2),
            "text": zh_punctuation(to_simplified(segment.text.strip()))}


_HAN = r"[\u3400-\u9fff]"
_ASCII_PUNCT = re.compile(rf"(?<={_HAN})\s*([,?!:;])\s*|\s*([,?!:;])\s*(?={_HAN})")
_FULLWIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}


def zh_punctuation(text: str) -> str:
    """ASCII , ? ! : ; next to Chinese characters become their full-width forms."""
    return _ASCII_PUNCT.sub(lambda m: _FULLWIDTH[m.group(1) or m.group(2)], text)


def to_simplified(text: str) -> str:
    """Traditional → simplified if a converter (opencc, zhconv) is installed; else unchanged."""
    return _CONVERTER(text)


def _make_converter():
    """Pick an optional converter once."""
    try:
        import opencc  # type: ignore[import-not-found]

        return opencc.OpenCC("t2s").convert
    except (ImportError, OSError, ValueError):  # not installed, or its data files missing
        pass
    try:
        import zhconv  # type: ignore[import-not-found]

        return lambda text: zhconv.convert(text, "zh-cn")
    except ImportError:
        return lambda text: text


_CONVERTER = _make_converter()
