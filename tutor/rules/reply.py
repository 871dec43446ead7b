"""Customer-service reply rules: acknowledgement (reply.no_empathy) and remedy (reply.no_solution).

The buyer's message is read first. A complaint (坏了、没收到、退款) is judged on acknowledgement and a
concrete remedy; a pre-sale question (这个能寄到新疆吗) on a friendly tone and a correct, helpful
answer, not on apology. Blame-shifting or taunting (反正是您自己选错了规格) is never empathy,
whatever word the reply opens with. Cue words: reply_words.yaml and reply_tone.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tutor.products import brief_facts
from tutor.rules.base import Document, Field, finding, register
from tutor.rules.facts import DETECTORS
from tutor.rules.fit import category, example
from tutor.rules.lexicon import load_words
from tutor.text import Normalized, PhraseSet

COMPLAINT, QUESTION, OTHER = "complaint", "question", "other"
# The tutor's own fact detectors that also show a pre-sale answer on that topic.
_TOPIC_DETECTORS = {"shipping": ("shipping",), "price": ("price", "numbers"), "spec": ("spec", "numbers"),
                    "storage": ("storage", "freshness")}
_CLAUSE_END = re.compile(r"[，,。.！!？?；;\n…～~]")
_QUESTION_MARK = re.compile(r"[?？]")


@lru_cache(maxsize=1)
def _words() -> dict[str, PhraseSet]:
    """Phrase sets from tutor/data/reply_words.yaml and the flat lists of reply_tone.yaml."""
    out = {k: PhraseSet(v) for k, v in load_words("reply_words").items()}
    out.update({k: PhraseSet(v) for k, v in load_words("reply_tone").items()
                if isinstance(v, list) and k != "remedy_patterns"})
    return out


@lru_cache(maxsize=1)
def _remedy_patterns() -> list[re.Pattern]:
    """Remedies with an amount (退您10块钱) from reply_tone.yaml."""
    return [re.compile(p) for p in load_words("reply_tone")["remedy_patterns"]]


def remedies(text: str) -> list[tuple[int, int]]:
    """Concrete remedies in a folded reply: affirmed remedy words outside a refusal, and amounts."""
    refused = _spans("refusal", text)
    out = [(s, e) for s, e in affirmed(text, "solution") if not any(a < e and s < b for a, b in refused)]
    return out + [m.span() for p in _remedy_patterns() for m in p.finditer(text)]


@lru_cache(maxsize=1)
def _topics() -> dict[str, tuple[PhraseSet, PhraseSet]]:
    """Pre-sale question topics: (words that ask about it, words an answer uses)."""
    return {name: (PhraseSet(t["asks"]), PhraseSet(t["answers"]))
            for name, t in load_words("reply_tone")["topics"].items()}


def _spans(key: str, text: str) -> list[tuple[int, int]]:
    """Spans of the phrases of list `key` in `text`."""
    return [(s, e) for s, e, _ in _words()[key].finditer(text)]


def _has(key: str, text: str) -> bool:
    """Whether any phrase of list `key` occurs in `text`."""
    return next(_words()[key].finditer(text), None) is not None


def affirmed(text: str, key: str) -> list[tuple[int, int]]:
    """Hits of word list `key` that are not negated by a word just before or after."""
    words = _words()
    out = []
    for s, e, _ in words[key].finditer(text):
        before, after = text[max(0, s - 4):s], text[e:e + 4]
        neg_before = any(before.endswith(n) for n in words[f"{key}_negators"].phrases)
        neg_after = any(after.startswith(n) for n in words[f"{key}_negating_suffix"].phrases)
        if not (neg_before or neg_after):
            out.append((s, e))
    return out


def _message_text(doc: Document) -> str:
    """The buyer's message, folded (NFKC, lower case)."""
    return Normalized(doc.message or "").norm.text


def message_type(doc: Document) -> str:
    """complaint (a problem is reported), question (a pre-sale question or a wish to buy), or other."""
    if "message_type" not in doc.cache:
        text = _message_text(doc)
        blocked = _spans("not_complaint", text)
        complaint = any(not any(bs < e and s < be for bs, be in blocked)
                        for s, e in _spans("complaint", text))
        asks = _has("question", text) or bool(_QUESTION_MARK.search(text))
        doc.cache["message_type"] = COMPLAINT if complaint else QUESTION if asks else OTHER
    return doc.cache["message_type"]


@lru_cache(maxsize=1)
def _complaint_topics() -> dict[str, dict]:
    """Complaint topics (late, damaged, mismatch): cue words and example apology and remedy."""
    return {name: {**t, "cues": PhraseSet(t["cues"])}
            for name, t in load_words("reply_tone")["complaint_topics"].items()}


def _complaint_example(doc: Document, part: str) -> str:
    """An example apology or remedy for what the buyer complains about (default: a late parcel)."""
    text = _message_text(doc)
    topics = _complaint_topics()
    name = next((n for n, t in topics.items() if n != "late" and next(t["cues"].finditer(text), None)),
                "late")
    product = doc.brief.get("product") or category(doc).name[1 if doc.en else 0]
    return topics[name][part][1 if doc.en else 0].format(product=product)


def asked_topics(doc: Document) -> list[str]:
    """What a pre-sale question is about (shipping, price, spec, storage, usage)."""
    text = _message_text(doc)
    return [name for name, (asks, _) in _topics().items() if next(asks.finditer(text), None)]


def answers_question(doc: Document) -> bool:
    """The reply answers the buyer's question: on its topic, directly, with a remedy (能退吗 →
    可以退款), or by promising to find out."""
    text = doc.main.normalized.norm.text
    if _has("follow_up", text) or remedies(text):
        return True
    topics = asked_topics(doc)
    if any(next(_topics()[name][1].finditer(text), None) for name in topics):
        return True
    if _has("deflect", text):  # 您问快递吧: naming the topic while sending the buyer away
        return False
    if any(DETECTORS[d](text) for name in topics for d in _TOPIC_DETECTORS.get(name, ())):
        return True
    return _has("direct_answer", text) or (not topics and any(DETECTORS[d](text) for d in DETECTORS))


def _clauses(fld: Field, key: str) -> list[tuple[int, int]]:
    """Original-text spans of the whole clauses (between punctuation) that hold a `key` phrase."""
    view, text = fld.normalized.norm, fld.text
    out: list[tuple[int, int]] = []
    for s, e in _spans(key, view.text):
        a, b = view.span(s, e)
        start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, a)), default=0)
        end_match = _CLAUSE_END.search(text, b)
        end = end_match.start() if end_match else len(text)
        while start < end and text[start].isspace():
            start += 1
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _tone_findings(doc: Document, key: str, message: tuple[str, str],
                   suggestion: tuple[str, str]) -> list[dict]:
    """One reply.no_empathy finding per offending clause; the first explains (quoting them all)."""
    fld = doc.main
    clauses = _clauses(fld, key)
    quoted = ("".join(f"“{fld.text[a:b]}”" for a, b in clauses[:3]),
              ", ".join(f'"{fld.text[a:b]}"' for a, b in clauses[:3]))
    out = []
    for k, (s, e) in enumerate(clauses):
        if k == 0:
            msg = tuple(m.format(excerpt=q) for m, q in zip(message, quoted, strict=True))
            out.append(finding(doc, "reply.no_empathy", fld, s, e, msg, suggestion))
        else:
            out.append(finding(doc, "reply.no_empathy", fld, s, e,
                               (f"“{fld.text[s:e]}”也是在推开顾客。", f"\"{fld.text[s:e]}\" pushes the buyer away too."),
                               ("", "")))
    return out


@register("reply.no_empathy", kinds=("reply",))
def check_no_empathy(doc: Document) -> Iterator[dict]:
    """Blame or taunts (always); for a complaint, no acknowledgement; for a question, a cold tone."""
    fld = doc.main
    text = fld.normalized.norm.text
    blame = _tone_findings(
        doc, "blame",
        ("{excerpt}是在把责任推给顾客或赌气，前面写了“亲”“抱歉”也不算体谅，顾客只会更生气。",
         "{excerpt}: this blames or taunts the buyer; an opening \"dear\" or \"sorry\" does not make it empathy."),
        (f"不争对错，先接住顾客的麻烦，例如{_complaint_example(doc, 'empathy')}，再给办法。",
         f"Do not argue who is to blame; acknowledge first, e.g. {_complaint_example(doc, 'empathy')}, then fix it."))
    if blame:
        yield from blame
        return
    if message_type(doc) == QUESTION:
        if _has("deflect", text):
            yield from _tone_findings(
                doc, "deflect",
                ("顾客在问问题，{excerpt}把顾客推开了，想买的人也会走。",
                 "The buyer asked a question; {excerpt} sends them away."),
                ("就算不确定，也说“我帮您问一下仓库，10分钟内回复您”，不要让顾客自己去查。",
                 "If you are not sure, say you will find out and reply within 10 minutes."))
        elif not _has("courtesy", text):
            yield finding(
                doc, "reply.no_empathy", fld, 0, 0,
                ("回复里没有一句招呼顾客的话，读起来很生硬。售前问题不用道歉，但要亲切。",
                 "The reply has no friendly word for the buyer; a pre-sale answer needs no apology, but warmth."),
                ("开头称呼一声“亲，您好”，结尾加一句“还有什么想了解的随时问我”。",
                 "Greet the buyer and invite more questions."))
        return
    if affirmed(text, "empathy"):
        return
    yield finding(
        doc, "reply.no_empathy", fld, 0, 0,
        ("回复里没有道歉或体谅的话，顾客会觉得被冷落。", "The reply has no apology or acknowledgement."),
        (f"开头先接住情绪，例如{_complaint_example(doc, 'empathy')}。",
         f"Start by acknowledging the problem, e.g. {_complaint_example(doc, 'empathy')}."))


def _answer_example(doc: Document) -> tuple[str, str]:
    """An example answer to the buyer's question, fitted to its topic and the product."""
    topics = asked_topics(doc)
    if "shipping" in topics:
        text = _message_text(doc)
        places = DETECTORS["origin"](text)
        place = text[places[0][0]:places[0][1]] if places else ""
        zh = f"亲，{'可以寄到' + place if place else '可以寄'}，走邮政大约5–7天到，偏远地区需要补10元运费"
        en = "Yes, we ship there by China Post, about 5-7 days, 10 yuan extra for remote areas"
        if _has("worry", text):  # 路上会不会碎？ — say how it is packed and what happens if it breaks
            packing = next((f for f in brief_facts(doc.brief) if "包装" in f), None)
            packing = packing.split("：", 1)[-1] if packing else ""
            after = category(doc).example("after_sales", False).strip("“”").replace("”“", "，")
            zh += f"；{('包装是' + packing + '，') if packing else ''}万一路上坏了，{after}"
            en += "; it is packed well, and anything damaged on the way is replaced"
        return f"“{zh}”", f"\"{en}\""
    for name in ("price", "spec", "storage"):
        if name in topics:
            return (f"“亲，{example(doc, name).strip('“”')}”", example(doc, name))
    return ("“亲，可以的，……（直接回答，再补一句具体信息）”", "\"Yes, ... (answer directly, then one concrete detail)\"")


@register("reply.no_solution", kinds=("reply",))
def check_no_solution(doc: Document) -> Iterator[dict]:
    """For a complaint, no concrete remedy; for a pre-sale question, no answer to it."""
    fld = doc.main
    if message_type(doc) == QUESTION:
        if answers_question(doc):
            return
        asked = (doc.message or "").strip()
        asked = asked if len(asked) <= 30 else asked[:30] + "…"
        ex_zh, ex_en = _answer_example(doc)
        yield finding(
            doc, "reply.no_solution", fld, 0, 0,
            (f"顾客问的是“{asked}”，回复没有正面回答，顾客还是不知道能不能买。",
             f"The buyer asked \"{asked}\"; the reply does not answer it."),
            (f"先直接回答（能不能、多少、几天），再补一句具体信息，例如{ex_zh}。",
             f"Answer the question directly, then add one concrete detail, e.g. {ex_en}."))
        return
    if remedies(fld.normalized.norm.text):
        return
    yield finding(
        doc, "reply.no_solution", fld, 0, 0,
        ("回复里没有具体的解决办法（补发、退款、换货、查物流等），问题没有解决。",
         "The reply offers no concrete remedy (resend, refund, exchange, tracking)."),
        (f"给出一个马上能做的办法和时间，例如{_complaint_example(doc, 'solution')}。",
         f"Offer a concrete remedy with a time, e.g. {_complaint_example(doc, 'solution')}."))


def ok_reason(doc: Document, criterion: str) -> tuple[str, str]:
    """The criterion's reason when nothing is wrong, for this kind of buyer message."""
    presale = message_type(doc) == QUESTION
    if criterion == "empathy":
        return (("语气亲切，招呼了顾客。", "The reply is friendly to the buyer.") if presale else
                ("先道歉或体谅了顾客。", "The reply acknowledges the customer."))
    return (("正面回答了顾客的问题。", "The reply answers the buyer's question.") if presale else
            ("给出了具体的解决办法。", "The reply offers a concrete remedy."))
