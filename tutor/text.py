"""Text helpers: normalised views that map back to original offsets, phrase sets, counts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

# Characters that evaders use instead of a plus sign or a heart (➕V, V❤, 加❤微❤信).
_PLUS_LIKE = set("➕＋﹢⊕✚✙")
_HEART_LIKE = set("❤♥♡❣💕💗💓💖💘💝💞💟🧡💛💚💙💜🖤🤍🤎")
# Symbols kept in the compact view because rules read them (100%, +V, V♥, ¥9.9).
_COMPACT_KEEP = set("+%♥¥$")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{_HAN}]")
UNIT_RE = re.compile(f"[{_HAN}]|[a-z0-9]+", re.IGNORECASE)


def _fold(ch: str) -> str:
    """NFKC + lower-case one character; invisible characters fold to ''."""
    if ch in _PLUS_LIKE:
        return "+"
    if ch in _HEART_LIKE:
        return "♥"
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Mn", "Me", "Cc") and ch not in "\n\t":
        return ""
    return unicodedata.normalize("NFKC", ch).lower()


def _keep_compact(ch: str) -> bool:
    """Letters, digits, Han and a few meaningful symbols survive the compact view."""
    if ch in _COMPACT_KEEP:
        return True
    cat = unicodedata.category(ch)
    return not (cat[0] in "PZSC" or ch.isspace())


@dataclass(frozen=True)
class View:
    """A transformed copy of a text with, for each character, its index in the original."""

    text: str
    index: tuple[int, ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of this view back to the original text."""
        if start >= len(self.index):
            return self.original_length, self.original_length
        end = max(end, start + 1)
        return self.index[start], self.index[end - 1] + 1


class Normalized:
    """The original text plus two views used for matching: `norm` and `compact`.

    norm: NFKC, lower-case, zero-width and other invisible characters removed, plus/heart
    look-alikes unified. compact: norm without spaces, punctuation and symbols, so that
    "加 微 信", "加.微.信" and "V-X" read as 加微信 and vx.
    """

    def __init__(self, original: str):
        self.original = original

    @cached_property
    def norm(self) -> View:
        """The folded view."""
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(self.original):
            for out in _fold(ch):
                chars.append(out)
                index.append(i)
        return View("".join(chars), tuple(index), len(self.original))

    @cached_property
    def compact(self) -> View:
        """The folded view without separators."""
        norm = self.norm
        keep = [k for k, ch in enumerate(norm.text) if _keep_compact(ch)]
        return View("".join(norm.text[k] for k in keep), tuple(norm.index[k] for k in keep),
                    len(self.original))


class PhraseSet:
    """Leftmost-longest matching of many literal phrases in one pass (a dict-of-lengths trie)."""

    def __init__(self, phrases: Iterable[str]):
        self.phrases = {p for p in phrases if p}
        lengths: dict[str, set[int]] = {}
        for p in self.phrases:
            lengths.setdefault(p[0], set()).add(len(p))
        self._lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield non-overlapping (start, end, phrase), leftmost then longest."""
        i, n = 0, len(text)
        while i < n:
            for length in self._lengths.get(text[i], ()):
                piece = text[i:i + length]
                if len(piece) == length and piece in self.phrases:
                    yield i, i + length, piece
                    i += length
                    break
            else:
                i += 1

    def match_at(self, text: str, i: int) -> int | None:
        """End of the longest phrase that starts at text[i], or None."""
        if i >= len(text):
            return None
        for length in self._lengths.get(text[i], ()):
            if i + length <= len(text) and text[i:i + length] in self.phrases:
                return i + length
        return None

    def __contains__(self, phrase: str) -> bool:
        return phrase in self.phrases


def spoken_units(text: str) -> int:
    """Han characters plus runs of Latin letters/digits: the unit for pace and filler rates."""
    return len(UNIT_RE.findall(unicodedata.normalize("NFKC", text)))


def title_bytes(title: str) -> list[int]:
    """Cumulative byte width per character: ASCII counts 1, anything else (CJK) 2."""
    total, widths = 0, []
    for ch in title:
        total += 1 if ord(ch) < 128 else 2
        widths.append(total)
    return widths


def join_segments(segments: list[dict]) -> tuple[str, list[int]]:
    """Join timed segment texts with newlines; return the text and each segment's offset."""
    parts, offsets, pos = [], [], 0
    for seg in segments:
        offsets.append(pos)
        parts.append(seg["text"])
        pos += len(seg["text"]) + 1
    return "\n".join(parts), offsets
