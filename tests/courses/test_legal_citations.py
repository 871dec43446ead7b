"""Every legal statement in a lesson names its article, or says plainly that the reader must check it.

A villager who follows a lesson can be fined for a wrong rule, so a paragraph, list item, table row
or key point that names a law or regulation must also carry an article reference (第…条 or §) — or,
where the course could not confirm the article, one of the hedge phrases below, which send the
reader to the current text instead of a guessed number.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from courses import check_catalog

# 《…法》《…条例》《…办法》《…规定》, also with a bracketed suffix such as （试行）.
BRACKETED_LAW = re.compile(r"《[^《》]{1,40}?(?:法|法典|条例|办法|规定)(?:（[^（）》]{1,8}）)?》")

# Laws the lessons also name without brackets (longest first, so 食品安全法 is not read as 安全法).
BARE_LAW_NAMES = (
    "农产品质量安全法", "个人信息保护法", "消费者权益保护法", "反不正当竞争法", "电子商务法",
    "食品安全法", "动物防疫法", "著作权法", "广告法", "电商法", "消保法", "价格法", "商标法",
    "邮政法", "民法典",
)
BARE_LAW = re.compile("|".join(BARE_LAW_NAMES))

ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两\d]+条|§\s*\d+")

# The only phrases that count as saying "the article is not confirmed here": each sends the reader to
# the current text. Keep the list short, so a hedge is written on purpose, not by accident.
HEDGES = (
    "请查看最新原文",
    "以最新原文为准",
    "以最新文本为准",
    "以最新公布的文本为准",
    "请查最新文本",
)

LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def units(body: str) -> list[str]:
    """The body's paragraphs, list items and table rows, each as one string."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        if lines[0].lstrip().startswith("|"):
            out.extend(lines)
            continue
        current: list[str] = []
        for line in lines:
            heading = line.lstrip().startswith("#")
            if (heading or LIST_ITEM.match(line)) and current:
                out.append(" ".join(current))
                current = []
            if heading:
                out.append(line.strip())
                continue
            current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return out


def names_law(text: str) -> bool:
    return bool(BRACKETED_LAW.search(text) or BARE_LAW.search(text))


def is_traceable(text: str) -> bool:
    return bool(ARTICLE.search(text)) or any(h in text for h in HEDGES)


def untraceable(texts: list[str]) -> list[str]:
    return [t for t in texts if names_law(t) and not is_traceable(t)]


@pytest.mark.parametrize("text", [
    "《广告法》第九条第三项禁止使用“国家级”等用语。",
    "违反第十七条的，依照《广告法》第五十八条处罚。",
    "按食品安全法§148，最少赔1000元。",
    "《直播电商监督管理办法》从哪天施行，请查最新文本。",
    "没经过乳品厂加工的生鲜乳不能直接卖（《乳品质量安全监督管理条例》，以最新公布的文本为准）。",
    "先把违规的词改掉，再上架。",
])
def test_traceable_or_lawless_text_passes(text):
    assert untraceable([text]) == []


@pytest.mark.parametrize("text", [
    "《规范促销行为暂行规定》要求公布奖品数量。",
    "《网络直播营销管理办法（试行）》要求直播间管好评论。",
    "这是广告法禁止的绝对化用语。",
    "拿去做别的事，可能违反个人信息保护法。",
    "《明码标价和禁止价格欺诈规定》也禁止虚构原价，详见条文。",
])
def test_a_law_named_without_article_or_hedge_is_flagged(text):
    assert untraceable([text]) == [text]


def test_units_split_paragraphs_list_items_and_table_rows():
    body = ("第一段，\n接着一行。\n\n- 一项\n  续行\n- 二项\n\n| a | b |\n|---|---|\n| c | d |\n\n"
            "## 标题\n正文")
    assert units(body) == ["第一段， 接着一行。", "- 一项 续行", "- 二项", "| a | b |", "|---|---|",
                           "| c | d |", "## 标题", "正文"]


def test_every_legal_statement_in_a_lesson_names_its_article_or_says_to_check():
    catalog, errors = check_catalog()
    assert catalog is not None and not errors, errors
    offending = []
    for lesson in catalog.lessons.values():
        texts = list(lesson.key_points) + units(lesson.body)
        offending += [f"{lesson.file}: {text}" for text in untraceable(texts)]
    assert not offending, ("a law or regulation named without its article (第…条/§) or a hedge "
                           f"({' / '.join(HEDGES)}):\n" + "\n".join(offending))


def _strings(value):
    """Every string inside a task's parts (questions, options, explanations, hints, brief...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))


def test_every_legal_statement_in_a_task_names_its_article_or_says_to_check():
    """The same rule for what a learner reads in a task: quiz prompts, options and their
    explanations, hints, briefs, exemplars and rubrics (a quiz explanation is where a wrong
    article number is most believed)."""
    catalog, errors = check_catalog()
    assert catalog is not None and not errors, errors
    offending, named = [], 0
    for task in catalog.tasks.values():
        for part in ("brief", "exemplar", "hints", "questions", "rubric"):
            for text in _strings(getattr(task, part)):
                found = units(text)
                named += sum(names_law(t) for t in found)
                offending += [f"{task.file} ({part}): {t}" for t in untraceable(found)]
    assert named >= 20     # the scan reaches the tasks' text (38 statements name a law today)
    assert not offending, ("a law or regulation named without its article (第…条/§) or a hedge "
                           f"({' / '.join(HEDGES)}):\n" + "\n".join(offending))
