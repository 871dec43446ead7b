"""What the feedback page shows, computed from a stored critique: the learner's text cut into
plain and highlighted pieces, the livestream timeline, the cap sentence and the score trend."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.models import AttemptStatus, TaskAttempt
from lms.services import tutoring

LONG_PAUSE_S = 5.0  # SPEC §3 live.long_pause
PACE_FAST, PACE_SLOW = 320, 140  # characters per minute, SPEC §3 live.pace_*


@dataclass(frozen=True)
class Piece:
    """A run of the learner's text; `finding` is set when a finding covers it."""

    text: str
    finding: dict[str, Any] | None = None
    number: int = 0  # 1-based index into the findings list shown on the page


@dataclass
class Line:
    """One transcript segment on the timeline."""

    start: float
    end: float
    pieces: list[Piece]
    pause_before: float = 0.0


@dataclass
class Minute:
    index: int
    cpm: int
    verdict: str = ""  # "fast", "slow" or ""


@dataclass
class Timeline:
    lines: list[Line] = field(default_factory=list)
    minutes: list[Minute] = field(default_factory=list)
    fillers: int = 0


def numbered(critique: dict[str, Any] | None) -> list[tuple[int, dict[str, Any]]]:
    """Findings with the number the page shows them under (1, 2, …)."""
    return list(enumerate((critique or {}).get("findings") or (), start=1))


def highlight(text: str, findings: list[tuple[int, dict[str, Any]]], field_name: str,
              base: int = 0) -> list[Piece]:
    """`text` (which starts at offset `base` of the field's text) cut at the spans of the
    findings about `field_name`; overlapping spans keep the first one."""
    spans = sorted(((f["start"] - base, f["end"] - base, n, f) for n, f in findings
                    if f.get("field", field_name) == field_name and f["end"] > f["start"]),
                   key=lambda s: (s[0], -s[1]))
    pieces: list[Piece] = []
    pos = 0
    for start, end, number, finding in spans:
        start, end = max(start, 0), min(end, len(text))
        if start < pos or start >= end:
            continue
        if start > pos:
            pieces.append(Piece(text[pos:start]))
        pieces.append(Piece(text[start:end], finding, number))
        pos = end
    if pos < len(text) or not pieces:
        pieces.append(Piece(text[pos:]))
    return pieces


def unplaced(findings: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """Findings about something missing (no span to highlight)."""
    return [(n, f) for n, f in findings if f["end"] <= f["start"]]


def timeline(transcript: dict[str, Any], critique: dict[str, Any] | None) -> Timeline:
    """The timed transcript as lines with their findings marked, the pauses over 5 s between
    them and the speaking pace of each minute."""
    findings = [(n, f) for n, f in numbered(critique) if f["code"] != "live.pace_too_fast"
                and f["code"] != "live.pace_too_slow" and f["code"] != "live.long_pause"]
    out = Timeline()
    offset, previous_end = 0, None
    per_minute: dict[int, list[float]] = {}
    for seg in transcript.get("segments") or ():
        text = seg["text"]
        local = [(n, f) for n, f in findings
                 if f["end"] > f["start"] and offset <= f["start"] < offset + len(text)]
        pause = seg["start"] - previous_end if previous_end is not None else 0.0
        out.lines.append(Line(seg["start"], seg["end"], highlight(text, local, "text", offset),
                              pause if pause > LONG_PAUSE_S else 0.0))
        units, seconds = per_minute.setdefault(int(seg["start"] // 60), [0.0, 0.0])
        per_minute[int(seg["start"] // 60)] = [units + tutoring.spoken_units(text),
                                              seconds + max(seg["end"] - seg["start"], 0.0)]
        offset += len(text) + 1  # segments are joined with "\n" (tutor.text.join_segments)
        previous_end = seg["end"]
    for index in sorted(per_minute):
        units, seconds = per_minute[index]
        if seconds <= 0:
            continue
        cpm = round(units * 60 / seconds)
        verdict = "fast" if cpm > PACE_FAST else "slow" if cpm < PACE_SLOW else ""
        out.minutes.append(Minute(index, cpm, verdict))
    out.fillers = int(((critique or {}).get("metrics") or {}).get("filler_count") or 0)
    return out


def cap_sentence(critique: dict[str, Any] | None):
    """One plain sentence when a rule caps the score, else None."""
    if not critique:
        return None
    findings = critique.get("findings") or ()
    if critique.get("flagged"):
        return _l("This submission tries to give the grader instructions, so it scores 0 and "
                  "earns no credit. Your mentor will look at it.")
    if any(f["code"].startswith("compliance.") and f["severity"] == "error" for f in findings):
        cap = min(59, int(critique.get("pass_score") or 60) - 1)
        return _l("Your text breaks an advertising or platform rule (marked in red below), so the "
                  "score is held at %(cap)s or less and cannot pass until you remove it.", cap=cap)
    return None


def trend_points(attempts: list[TaskAttempt], width: int = 300, height: int = 80,
                 pad: int = 8) -> dict[str, Any]:
    """Coordinates for the attempt-history SVG: one point per scored attempt (a critique, or a
    graded quiz), oldest first, 0–100 upwards."""
    scored = [a for a in attempts
              if a.critique or (a.status == AttemptStatus.DONE and a.task_version.definition["kind"] == "quiz")]
    if not scored:
        return {"points": [], "line": "", "width": width, "height": height}
    step = (width - 2 * pad) / max(len(scored) - 1, 1)
    points = []
    for i, a in enumerate(scored):
        x = round(pad + i * step, 1)
        y = round(height - pad - a.score * (height - 2 * pad) / 100, 1)
        points.append({"x": x, "y": y, "score": a.score, "passed": a.passed, "id": a.id,
                       "n": i + 1})
    return {"points": points, "line": " ".join(f"{p['x']},{p['y']}" for p in points),
            "width": width, "height": height, "pad": pad}


def pass_line_y(pass_score: int, height: int = 80, pad: int = 8) -> float:
    return round(height - pad - pass_score * (height - 2 * pad) / 100, 1)
