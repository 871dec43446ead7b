"""The content-kind registry: what a task file of each kind must hold, in one place; a fifth
kind is one entry here plus its spec in the tutor's registry."""

from __future__ import annotations

import pytest

from courses import check_catalog
from courses.kinds import (
    CONTENT_KINDS,
    RUBRIC_IDS,
    TASK_KINDS,
    ContentKind,
    register_kind,
    unregister_kind,
)
from tutor import KIND_SPECS, KindSpec, critique
from tutor.fields import text_field
from tutor.kinds import register_kind as register_tutor_kind
from tutor.kinds import unregister_kind as unregister_tutor_kind
from tutor.rules.base import Document, Field


def _build_poster(doc: Document, data: dict) -> None:
    doc.fields.append(Field("slogan", text_field(data.get("slogan"), "slogan")))


# the tutor's side of the toy kind (tests/tutor/test_kinds.py critiques one end to end)
POSTER = KindSpec(
    name="poster", input_fields=("slogan",), text_key="slogan", criteria=("compliance", "information"),
    default_rubric=({"id": "compliance", "weight": 50}, {"id": "information", "weight": 50}),
    default_required_info=("origin",), label_zh="海报标语", label_en="poster slogan",
    build=_build_poster, metrics=lambda doc: {"slogan_chars": len(doc.main.text)},
    prompt_label="a poster slogan (海报标语)")

POSTER_TASK = """kind: poster
title: 写一句海报标语
title_en: Write a poster slogan
pass_score: 60
hints: [写清楚产地]
brief:
  text: 给村里的脐橙写一句海报标语。
  product: 赣南脐橙
  facts:
    - 产地：江西赣州信丰县
    - 规格：5斤装
    - 发货：顺丰，48小时内发
rubric:
  - id: compliance
    weight: 50
    levels: {full: 没有违规。, partial: 一处不当。, none: 多处违规。}
  - id: information
    weight: 50
    levels: {full: 写了产地。, partial: 产地含糊。, none: 没写产地。}
exemplar:
  text: 信丰脐橙，5斤装，顺丰48小时内发。
"""


@pytest.fixture
def poster_kind():
    register_kind(ContentKind("poster", rubric_ids=POSTER.criteria))
    register_tutor_kind(POSTER)
    yield
    unregister_kind("poster")
    unregister_tutor_kind("poster")


def test_the_shipped_kinds_are_the_contract_four():
    assert TASK_KINDS == ("quiz", "copy", "reply", "livestream")
    assert [k for k, spec in CONTENT_KINDS.items() if spec.self_graded] == ["quiz"]
    assert set(RUBRIC_IDS) == {"copy", "reply", "livestream"}


def test_a_fifth_kind_is_one_entry_per_library(mini, poster_kind):
    mini.write("basic/demo/tasks/demo-poster.yaml", POSTER_TASK)
    mini.edit("basic/demo/course.yaml", "tasks: [demo-quiz, demo-copy, demo-reply]",
              "tasks: [demo-quiz, demo-copy, demo-reply, demo-poster]")
    catalog, errors = check_catalog(mini.root)
    assert errors == []
    task = catalog.tasks["demo-poster"]
    assert task.kind == "poster" and task.exemplar.text.startswith("信丰脐橙")
    assert set(CONTENT_KINDS["poster"].rubric_ids) == set(KIND_SPECS["poster"].criteria)
    result = critique("poster", {"slogan": task.exemplar.text}, task.brief.for_tutor(),
                      rubric=[{"id": c.id, "weight": c.weight} for c in task.rubric], pass_score=task.pass_score)
    assert result["passed"], result


def test_an_unregistered_kind_is_an_error_naming_the_known_ones(mini):
    mini.write("basic/demo/tasks/demo-poster.yaml", POSTER_TASK)
    mini.edit("basic/demo/course.yaml", "tasks: [demo-quiz, demo-copy, demo-reply]",
              "tasks: [demo-quiz, demo-copy, demo-reply, demo-poster]")
    messages = [e[2] for e in mini.errors()]
    assert any("'kind' must be one of quiz, copy, reply, livestream (got 'poster')" in m for m in messages), messages


def test_a_rubric_id_must_be_one_of_the_kinds_criteria(mini, poster_kind):
    mini.write("basic/demo/tasks/demo-poster.yaml", POSTER_TASK.replace("id: information", "id: empathy"))
    mini.edit("basic/demo/course.yaml", "tasks: [demo-quiz, demo-copy, demo-reply]",
              "tasks: [demo-quiz, demo-copy, demo-reply, demo-poster]")
    assert any("rubric id 'empathy' is not valid for poster tasks" in e[2] for e in mini.errors())
