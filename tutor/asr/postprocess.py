"""Clean Whisper's segments and spot transcripts that went wrong (prompt echo, loops)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

# A unit of 1-8 characters said 5+ times in a row: Whisper stuck in a loop.
_REPEAT = re.compile(r"(.{1,8}?)\1{4,}")
_HAN = r"[\u3400-\u9fff]"
_ASCII_PUNCT = re.compile(rf"(?<={_HAN})\s*([,?!:;])\s*|\s*([,?!:;])\s*(?={_HAN})")
_FULLWIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}


def clean_segments(raw: Any, duration: float) -> list[dict[str, Any]]:
    """Plain JSON segments inside the clip, simplified text, Chinese punctuation, no blanks."""
    out = []
    for seg in raw:
        text = zh_punctuation(to_simplified(seg.text.strip()))
        if not text or seg.start >= duration:
            continue  # Whisper sometimes invents text past the end of the audio
        out.append({"start": round(seg.start, 2), "end": round(min(seg.end, duration), 2),
                    "text": text})
    return out


def looks_degenerate(segments: list[dict], prompt: str | None = None) -> bool:
    """Empty, the prompt echoed back, a long stretch with hardly any text, or a runaway loop."""
    if not segments:
        return True
    if prompt and is_echo("".join(s["text"] for s in segments), prompt):
        return True
    for seg in segments:
        span, text = seg["end"] - seg["start"], seg["text"]
        if (span > 10 and len(text) / span < 1.0) or _REPEAT.search(text):
            return True
    return False


def is_echo(text: str, prompt: str) -> bool:
    """The transcript is mostly the prompt we gave the model."""
    return SequenceMatcher(None, text, prompt).ratio() >= 0.6 or prompt[-8:] in text


def richness(segments: list[dict], prompt: str | None = None) -> int:
    """Distinct characters transcribed (0 for an echo): picks the best of failed attempts."""
    text = "".join(s["text"] for s in segments)
    if prompt and is_echo(text, prompt):
        return 0
    return len(set(text) - set(" ，。,.!?！？"))


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
