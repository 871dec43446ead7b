"""Helpers for the rule-critic tests: run the critic and look at codes and spans."""

from __future__ import annotations

from tutor import critique


def codes_of(kind: str, data, brief=None) -> set[str]:
    """Finding codes the critic reports."""
    return {f["code"] for f in critique(kind, data, brief)["findings"]}


def findings_of(kind: str, data, code: str, brief=None) -> list[dict]:
    """Findings with one code."""
    return [f for f in critique(kind, data, brief)["findings"] if f["code"] == code]


GOOD_COPY = {"title": "陕西周至红心猕猴桃 5斤装 单果80-100g",
             "body": "产自陕西西安周至县，5斤装约25到30个。九月中旬采摘，下单后两天内发货，顺丰包邮。"
                     "收到后常温催熟三到五天，冷藏可保存一个月。"}


def seg(start: float, end: float, text: str) -> dict:
    """One timed transcript segment."""
    return {"start": start, "end": end, "text": text}
