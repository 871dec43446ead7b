"""Livestream rules: structure (opening, interaction, call to action) and delivery (timed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tutor.rules.base import Document, finding, register
from tutor.rules.fit import category
from tutor.rules.lexicon import load_words
from tutor.text import Normalized, PhraseSet, spoken_units

OPENING_SECONDS = 30.0
OPENING_CHARS = 80
PACE_FAST_CPM = 320
PACE_SLOW_CPM = 140
LONG_PAUSE_S = 5.0
FILLERS_PER_100 = 3.0
MAX_MARKED_FILLERS = 500  # every filler of a real stream; bounds a pathological 20,000-character one

_P = r"[\s,，、…。.!！?？~～]"
# Fillers that are also ordinary words count only in hesitation contexts: 额 alone between pauses
# (not 金额/额外), 那个 repeated, next to another filler or before a pause (not 那个苹果),
# 就是说 not as 也就是说. Any other word in live_words.yaml `fillers` counts wherever it occurs.
_CONTEXTUAL = {
    "额": rf"(?:^|(?<={_P})|(?<=[嗯呃]))额+(?={_P}|[嗯呃那就然]|$)",
    "那个": r"那个(?=那个|[嗯呃额]|…|\.\.)|(?<=那个)那个|(?<=[嗯呃额])那个"
            rf"|(?:^|(?<={_P}))那个(?=[\s,，、…]|$)",
    "就是说": r"(?<!也)就是说",
}


@lru_cache(maxsize=1)
def _filler_re() -> re.Pattern:
    """One pattern for every filler in tutor/data/live_words.yaml."""
    words = load_words("live_words")["fillers"]
    parts = [_CONTEXTUAL.get(w) or f"(?:{re.escape(w)})+" for w in words]
    return re.compile("|".join(parts), re.MULTILINE)


_SENTENCE_END = re.compile(r"(?<=[\n。！!？?])")
_IS_QUESTION = re.compile(r"[？?]$|吗[\s，,。！!]*$")


@lru_cache(maxsize=1)
def _words() -> dict[str, PhraseSet]:
    """Phrase sets from tutor/data/live_words.yaml."""
    return {k: PhraseSet(v) for k, v in load_words("live_words").items()}


def _has(doc: Document, key: str, text: str | None = None) -> bool:
    """Whether any phrase of list `key` occurs in the (compact) text."""
    text = doc.main.normalized.compact.text if text is None else text
    return next(_words()[key].finditer(text), None) is not None


def _opening_window(doc: Document) -> int:
    """How many characters of the transcript the opening check reads."""
    if doc.segments is None:
        return min(OPENING_CHARS, len(doc.main.text))
    inside = [i for i, seg in enumerate(doc.segments) if float(seg["start"]) < OPENING_SECONDS]
    if not inside:
        return 0
    last = inside[-1]
    return doc.offsets[last] + len(doc.segments[last]["text"])


@register("live.no_opening", kinds=("livestream",))
def check_no_opening(doc: Document) -> Iterator[dict]:
    """No greeting within the first 30 s (untimed: first 80 characters)."""
    end = _opening_window(doc)
    if _has(doc, "opening", Normalized(doc.main.text[:end]).compact.text):
        return
    yield finding(
        doc, "live.no_opening", doc.main, 0, end,
        ("开场30秒（或前80个字）里没有打招呼、欢迎观众，新进来的人不知道你在卖什么就走了。",
         "No greeting or welcome in the first 30 seconds (or 80 characters)."),
        ("用一句话开场：“家人们晚上好，欢迎来到直播间，今天给大家带来的是……”",
         "Open with a greeting: \"Hello everyone, welcome to our stream, today we have ...\""), t=0.0)


def _asks_viewers(doc: Document) -> bool:
    """A question addressed to viewers (大家……吗？ / 你们……？)."""
    address = _words()["question_address"]
    for sentence in _SENTENCE_END.split(doc.main.normalized.norm.text):
        if _IS_QUESTION.search(sentence) and next(address.finditer(sentence), None) is not None:
            return True
    return False


@register("live.no_interaction", kinds=("livestream",))
def check_no_interaction(doc: Document) -> Iterator[dict]:
    """No audience prompt anywhere (扣1, 公屏, 点赞, 关注, a question to viewers)."""
    if _has(doc, "interaction") or _asks_viewers(doc):
        return
    yield finding(
        doc, "live.no_interaction", doc.main, 0, 0,
        ("整场没有和观众互动（扣1、点赞、关注、公屏提问），直播间留不住人。",
         "No audience interaction anywhere (comment prompts, likes, follows, questions)."),
        ("每隔一两分钟招呼一次观众，例如“想要的家人们在公屏扣个1”“新来的朋友点点关注”。",
         "Prompt viewers every minute or two, e.g. \"type 1 in the chat if you want one\"."))


@register("live.no_call_to_action", kinds=("livestream",))
def check_no_call_to_action(doc: Document) -> Iterator[dict]:
    """No instruction on how to buy (小黄车, 链接, 拍下, 下单, 库存)."""
    if _has(doc, "call_to_action"):
        return
    yield finding(
        doc, "live.no_call_to_action", doc.main, 0, 0,
        ("没有告诉观众怎么买（小黄车、几号链接、拍下），想买的人也不知道去哪下单。",
         "No call to action: viewers are never told how to buy."),
        ("明确说出下单动作，例如“点击下方小黄车1号链接，直接拍下，今天下单48小时内发货”。",
         "Say how to buy, e.g. \"tap the cart, link 1, order now; ships within 48 hours\"."))


def delivery_metrics(doc: Document) -> dict:
    """Pace, pauses and fillers (cached): the numbers the delivery rules judge."""
    if "delivery" in doc.cache:
        return doc.cache["delivery"]
    text = doc.main.text
    units = spoken_units(text)
    fillers = [m.span() for m in _filler_re().finditer(doc.main.normalized.norm.text)]
    out: dict = {"units": units, "filler_count": len(fillers),
                 "filler_per_100": round(100 * len(fillers) / units, 2) if units else 0.0,
                 "filler_spans": [doc.main.normalized.norm.span(s, e) for s, e in fillers],
                 "pace_cpm": None, "speaking_seconds": None, "pauses": []}
    if doc.segments:
        speaking = sum(max(0.0, float(s["end"]) - float(s["start"])) for s in doc.segments)
        out["speaking_seconds"] = round(speaking, 2)
        out["pace_cpm"] = round(units * 60 / speaking, 1) if speaking >= 1 else None
        segs = doc.segments
        out["pauses"] = [(i + 1, round(float(segs[i + 1]["start"]) - float(segs[i]["end"]), 2))
                         for i in range(len(segs) - 1)
                         if float(segs[i + 1]["start"]) - float(segs[i]["end"]) > LONG_PAUSE_S]
    doc.cache["delivery"] = out
    return out


@register("live.pace_too_fast", kinds=("livestream",))
def check_pace_too_fast(doc: Document) -> Iterator[dict]:
    """Timed only: more than 320 characters per minute of speech."""
    pace = delivery_metrics(doc)["pace_cpm"]
    if pace is None or pace <= PACE_FAST_CPM:
        return
    yield finding(
        doc, "live.pace_too_fast", doc.main, 0, len(doc.main.text),
        (f"语速每分钟约 {pace:.0f} 字，超过 {PACE_FAST_CPM} 字，观众听不清、记不住。",
         f"You speak about {pace:.0f} characters a minute, above {PACE_FAST_CPM}."),
        ("放慢到每分钟 200–280 字：讲到价格、规格时停一拍，重复一遍关键数字。",
         "Slow down to 200-280 a minute; pause and repeat key numbers such as price and weight."), t=0.0)


@register("live.pace_too_slow", kinds=("livestream",))
def check_pace_too_slow(doc: Document) -> Iterator[dict]:
    """Timed only: fewer than 140 characters per minute of speech."""
    pace = delivery_metrics(doc)["pace_cpm"]
    if pace is None or pace >= PACE_SLOW_CPM:
        return
    yield finding(
        doc, "live.pace_too_slow", doc.main, 0, len(doc.main.text),
        (f"语速每分钟约 {pace:.0f} 字，低于 {PACE_SLOW_CPM} 字，直播间气氛会冷下来。",
         f"You speak about {pace:.0f} characters a minute, below {PACE_SLOW_CPM}."),
        ("提前写好要点卡片（产地、规格、价格、下单方式），照着讲，每分钟 200 字左右。",
         "Prepare cue cards (origin, spec, price, how to buy) and aim for about 200 a minute."), t=0.0)


@register("live.long_pause", kinds=("livestream",))
def check_long_pause(doc: Document) -> Iterator[dict]:
    """Timed only: a gap of more than 5 s between consecutive segments."""
    for k, gap in delivery_metrics(doc)["pauses"]:
        start = doc.offsets[k]
        end = start + len(doc.segments[k]["text"])
        prev_end = float(doc.segments[k - 1]["end"])
        demo = category(doc).example("demo", doc.en)
        yield finding(
            doc, "live.long_pause", doc.main, start, end,
            (f"在第 {prev_end:.0f} 秒后停顿了 {gap:.1f} 秒，超过 {LONG_PAUSE_S:.0f} 秒，观众会划走。",
             f"A {gap:.1f}-second silence after {prev_end:.0f} s (over {LONG_PAUSE_S:.0f} s)."),
            (f"需要动手展示商品时边做边说，例如{demo}。",
             f"Keep talking while you show the product, e.g. {demo}."),
            t=float(doc.segments[k]["start"]))


@register("live.filler_words", kinds=("livestream",))
def check_filler_words(doc: Document) -> Iterator[dict]:
    """Hesitation fillers above 3 per 100 characters; every filler is marked, the first explains."""
    m = delivery_metrics(doc)
    if m["filler_per_100"] <= FILLERS_PER_100 or not m["filler_spans"]:
        return
    for k, (s, e) in enumerate(m["filler_spans"][:MAX_MARKED_FILLERS]):
        if k == 0:
            yield finding(
                doc, "live.filler_words", doc.main, s, e,
                (f"口头禅太多：{m['filler_count']} 个（每100字 {m['filler_per_100']:.1f} 个，超过 3 个），听起来不自信。",
                 f"{m['filler_count']} fillers ({m['filler_per_100']:.1f} per 100 characters, above 3)."),
                ("想不起来时停一下再说，不要用“嗯、呃、那个”填空；提前把要讲的三件事写在卡片上。",
                 "Pause silently instead of saying \"um\"; keep three talking points on a card."))
        else:
            word = doc.main.text[s:e]
            yield finding(
                doc, "live.filler_words", doc.main, s, e,
                (f"口头禅“{word}”（第 {k + 1} 个）。", f"Filler \"{word}\" ({k + 1})."), ("", ""))
