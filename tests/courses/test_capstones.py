"""Each track ends in a mentor-reviewed capstone on the learner's own product, and the tutor's
feedback on it fits that product instead of quoting the sample product as if the brief gave it."""
from __future__ import annotations

import pytest

from courses import load_catalog

tutor = pytest.importorskip("tutor")

# An honest but incomplete page about a product no sample uses: no origin, freshness or storage.
EGGS = {"title": "土鸡蛋 30枚装", "body": "我家的土鸡蛋，30枚一盒，很新鲜很好吃。顺丰发货。"}
EGGS_LIVE = "家人们好，欢迎来到直播间！今天卖我家的土鸡蛋，30枚一盒，很新鲜很好吃。大家告诉我想不想要？想要的点2号链接下单，顺丰发货。"


@pytest.fixture(scope="module")
def capstones():
    catalog = load_catalog()
    return {t.slug: [task for c in t.courses for task in c.tasks if task.mentor_review]
            for t in catalog.tracks}


def _brief(task) -> dict:
    brief = task.brief.for_tutor()
    brief["facts"] = list(task.brief.facts)  # lms passes the facts too
    return brief


def test_every_track_has_one_own_product_capstone(capstones):
    kinds = {track: [t.kind for t in tasks] for track, tasks in capstones.items()}
    assert kinds == {"basic": ["copy"], "livestream": ["livestream"], "advanced": ["copy"]}
    for tasks in capstones.values():
        assert "自己" in tasks[0].brief.text and "示范" in tasks[0].brief.text, tasks[0].slug


def test_feedback_on_an_own_product_does_not_quote_the_sample(capstones):
    for tasks in capstones.values():
        task = tasks[0]
        given = EGGS_LIVE if task.kind == "livestream" else EGGS
        result = tutor.critique(task.kind, given, _brief(task), pass_score=task.pass_score)
        missing = [f for f in result["findings"] if f["code"].startswith("info.missing_")]
        assert missing, task.slug  # the page really lacks facts
        for finding in missing:
            assert "任务说明里已经给了" not in finding["suggestion"], (task.slug, finding["suggestion"])


def test_a_vague_own_product_page_does_not_pass(capstones):
    for tasks in capstones.values():
        task = tasks[0]
        if task.kind != "copy":
            continue
        rubric = [{"id": c.id, "weight": c.weight} for c in task.rubric]
        result = tutor.critique("copy", EGGS, _brief(task), rubric=rubric, pass_score=task.pass_score)
        assert result["score"] < task.pass_score, (task.slug, result["score"])
