"""Write eval_cases.jsonl and clean_corpus.jsonl from the hand-written texts in eval_texts.py.

Usage: python tests/tutor/build_eval_sets.py   (rewrites both files; commit them with this script)

Each labelled sentence is placed into a clean base text of another kind in turn (a listing's body,
a reply, an untimed livestream, a segment of a timed transcript) and at a different position, so a
rule has to find it in running text; full listings carry two or three problems at once. Labels
come from eval_texts.py only (SPEC §3); nothing here runs the critic.
"""

from __future__ import annotations

import json
from itertools import cycle
from pathlib import Path

try:
    from tests.tutor.eval_texts import (
        COPY_BASES,
        LIVE_BASES,
        LIVE_TIMED_BASES,
        LOOK_ALIKES,
        REPLY_BASES,
        SPLIT_VIOLATIONS,
        VIOLATIONS,
    )
except ImportError:  # run as a script from the repository root
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.tutor.eval_texts import (
        COPY_BASES,
        LIVE_BASES,
        LIVE_TIMED_BASES,
        LOOK_ALIKES,
        REPLY_BASES,
        SPLIT_VIOLATIONS,
        VIOLATIONS,
    )

HERE = Path(__file__).resolve().parent
JUDGED = ("compliance.absolute_term", "compliance.medical_claim", "compliance.guarantee",
          "compliance.off_platform", "integrity.prompt_injection")
KINDS = ("copy", "reply", "livestream", "timed")


def _insert(text: str, sentence: str, where: int) -> str:
    """Put `sentence` at the start, after the first sentence, or at the end of `text`."""
    if where == 0:
        return sentence + text
    if where == 1 and "。" in text[:-1]:
        k = text.index("。") + 1
        return text[:k] + sentence + text[k:]
    return text + sentence


def _timed(base: list[tuple[float, float, str]], parts: list[str], where: int) -> dict:
    """A timed transcript with `parts` as new segments after segment `where` (times shifted)."""
    segs = [{"start": s, "end": e, "text": t} for s, e, t in base]
    k = min(where + 1, len(segs))
    t = segs[k - 1]["end"] + 0.4 if k else 0.0
    new = []
    for part in parts:
        dur = round(max(1.5, len(part) / 4.5), 1)
        new.append({"start": round(t, 1), "end": round(t + dur, 1), "text": part})
        t += dur + 0.4
    shift = (t - segs[k]["start"]) if k < len(segs) else 0.0
    tail = [{"start": round(s["start"] + shift, 1), "end": round(s["end"] + shift, 1), "text": s["text"]}
            for s in segs[k:]]
    return {"segments": segs[:k] + new + tail}


class Bases:
    """Hands out base texts of each kind in turn."""

    def __init__(self) -> None:
        self.copy = cycle(COPY_BASES)
        self.reply = cycle(REPLY_BASES)
        self.live = cycle(LIVE_BASES)
        self.timed = cycle(LIVE_TIMED_BASES)

    def case(self, kind: str, sentences: list[str], where: int) -> tuple[str, dict, dict | None]:
        """(kind, input, brief) with `sentences` placed into the next base of `kind`."""
        if kind == "copy":
            product, title, body = next(self.copy)
            for s in sentences:
                body = _insert(body, s, where)
            return "copy", {"title": title, "body": body}, {"product": product}
        if kind == "reply":
            message, reply = next(self.reply)
            for s in sentences:
                reply = _insert(reply, s, where)
            return "reply", {"message": message, "reply": reply}, None
        if kind == "livestream":
            text = next(self.live)
            for s in sentences:
                text = _insert(text, s, where)
            return "livestream", {"text": text}, None
        return "livestream", _timed(next(self.timed), sentences, where % 3), None


def _case(cid: str, kind: str, data: dict, brief: dict | None, codes: set[str]) -> dict:
    out = {"id": cid, "kind": kind, "input": data, "expect": sorted(codes),
           "absent": [c for c in JUDGED if c not in codes]}
    if brief:
        out["brief"] = brief
    return out


def eval_cases() -> list[dict]:
    """Labelled cases: each violation once, split ones, several at once, next to look-alikes."""
    bases, cases = Bases(), []
    for n, (sentence, codes) in enumerate(VIOLATIONS):
        kind, data, brief = bases.case(KINDS[n % 4], [sentence], n % 3)
        cases.append(_case(f"v{n:03d}", kind, data, brief, set(codes)))
    for n, (a, b, codes) in enumerate(SPLIT_VIOLATIONS):
        base = LIVE_TIMED_BASES[n % len(LIVE_TIMED_BASES)]
        cases.append(_case(f"split{n:02d}", "livestream", _timed(base, [a, b], 1), None, set(codes)))
    # Full listings and scripts with several problems at once: three violations of different codes.
    by_code: dict[str, list[str]] = {}
    for sentence, codes in VIOLATIONS:
        if len(codes) == 1:
            by_code.setdefault(codes[0], []).append(sentence)
    pools = {c: cycle(v[::-1]) for c, v in by_code.items()}
    combos = [(JUDGED[i], JUDGED[j], JUDGED[k]) for i in range(5) for j in range(i + 1, 5) for k in range(j + 1, 5)]
    for n in range(70):
        chosen = combos[n % len(combos)][: 2 + n % 2]
        sentences = [next(pools[c]) for c in chosen]
        kind, data, brief = bases.case(("copy", "livestream", "reply", "timed")[n % 4], sentences, n % 3)
        cases.append(_case(f"multi{n:02d}", kind, data, brief, set(chosen)))
    # A violation right next to a look-alike of the same words.
    looks = cycle(LOOK_ALIKES[::3])
    for n, (sentence, codes) in enumerate(VIOLATIONS[::5]):
        kind, data, brief = bases.case(KINDS[(n + 1) % 4], [next(looks), sentence], (n + 2) % 3)
        cases.append(_case(f"near{n:02d}", kind, data, brief, set(codes)))
    return cases


def clean_corpus() -> list[dict]:
    """Texts that must produce no compliance or integrity finding: the bases, alone and with look-alikes."""
    out, n = [], 0
    for product, title, body in COPY_BASES:
        out.append(_case(f"clean{n:03d}", "copy", {"title": title, "body": body}, {"product": product}, set()))
        n += 1
    for message, reply in REPLY_BASES:
        out.append(_case(f"clean{n:03d}", "reply", {"message": message, "reply": reply}, None, set()))
        n += 1
    for text in LIVE_BASES:
        out.append(_case(f"clean{n:03d}", "livestream", {"text": text}, None, set()))
        n += 1
    for base in LIVE_TIMED_BASES:
        out.append(_case(f"clean{n:03d}", "livestream", _timed(base, [], 0), None, set()))
        n += 1
    bases = Bases()
    for k, sentence in enumerate(LOOK_ALIKES):
        kind, data, brief = bases.case(KINDS[k % 4], [sentence], k % 3)
        out.append(_case(f"clean{n:03d}", kind, data, brief, set()))
        n += 1
    for k in range(0, len(LOOK_ALIKES) - 1, 4):
        pair = [LOOK_ALIKES[k], LOOK_ALIKES[k + 1]]
        kind, data, brief = bases.case(KINDS[(k + 2) % 4], pair, (k + 1) % 3)
        out.append(_case(f"clean{n:03d}", kind, data, brief, set()))
        n += 1
    return out


def write(path: Path, rows: list[dict]) -> None:
    """One JSON object a line, UTF-8, Chinese unescaped."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> int:
    """Rewrite both files and print their sizes."""
    cases, clean = eval_cases(), clean_corpus()
    write(HERE / "eval_cases.jsonl", cases)
    write(HERE / "clean_corpus.jsonl", clean)
    print(f"eval_cases.jsonl: {len(cases)} cases; clean_corpus.jsonl: {len(clean)} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
