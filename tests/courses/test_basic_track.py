"""The basic track's content meets the product bar: enough lessons and tasks, clean exemplars."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from courses import DEFAULT_ROOT, Catalog, Track, load_catalog

# compliance-basics comes second: the listing tasks right after it already grade compliance (issue 12).
COURSES = ["open-shop", "compliance-basics", "listing", "orders-shipping", "customer-service"]
# Words an exemplar must never use: absolute terms, medical/health claims, guarantees, off-platform.
BANNED = re.compile(
    r"最(?!近|后|初|迟)|第一(?!次|批|口)|顶级|极品|国家级|世界级|史上|唯一|独一无二|绝无仅有|首选|冠军|NO\.?1"
    r"|治疗|治愈|降血|降三高|抗癌|防癌|消炎|排毒|免疫力|抗衰老|止咳|润肺|养胃|助眠"
    r"|100%|百分百|绝对|无副作用|零风险|微信|VX|QQ|转账|私聊",
    re.IGNORECASE,
)
FIVE_FACTS = {"origin", "spec", "freshness", "storage", "shipping"}


def _basic_only(tmp_path: Path) -> Path:
    """A copy of the content with only the basic track, so other tracks' drafts cannot mask it."""
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_ROOT / "basic", root / "basic")
    tracks = yaml.safe_load((DEFAULT_ROOT / "tracks.yaml").read_text(encoding="utf-8"))
    basic = [t for t in tracks if t["slug"] == "basic"]
    (root / "tracks.yaml").write_text(yaml.safe_dump(basic, allow_unicode=True), encoding="utf-8")
    (root / "placement.yaml").write_text(
        "minutes: 1\nquestions:\n"
        + "".join(
            f"  - id: p{i}\n    prompt: 问题{i}\n    options:\n"
            f"      - {{id: a, text: 是, points: {{basic: 1}}}}\n      - {{id: b, text: 否}}\n"
            for i in range(3)
        )
        + "explanations:\n  basic: 从开店学起。\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def basic(tmp_path_factory) -> Track:
    catalog: Catalog = load_catalog(_basic_only(tmp_path_factory.mktemp("basic")))
    return catalog.track("basic")


def _tasks(track: Track):
    return [t for c in track.courses for t in c.tasks]


def test_courses_lessons_and_tasks(basic):
    slugs = [c.slug for c in basic.courses]
    assert slugs[:2] == COURSES[:2]
    # New courses may be added, but the core five keep their order.
    assert [s for s in slugs if s in COURSES] == COURSES
    for course in basic.courses:
        assert 3 <= len(course.lessons) <= 4, course.slug
        assert course.tasks, course.slug
        assert course.title_en and course.summary_en
        for lesson in course.lessons:
            assert 400 <= lesson.chars <= 1200 and "## 例子" in lesson.body, lesson.slug
            assert 2 <= len(lesson.key_points) <= 6


def test_task_mix(basic):
    tasks = _tasks(basic)
    kinds = [t.kind for t in tasks]
    assert len(tasks) >= 10
    assert kinds.count("quiz") >= 3 and kinds.count("copy") >= 4 and kinds.count("reply") >= 3
    for task in tasks:
        assert 1 <= len(task.hints) <= 5 and 0 < task.pass_score <= 100, task.slug
        if task.kind == "quiz":
            assert 4 <= len(task.questions) <= 8, task.slug
        else:
            assert task.exemplar is not None, task.slug


def test_rubrics_use_the_kind_vocabulary(basic):
    for task in _tasks(basic):
        ids = {c.id for c in task.rubric}
        if task.kind == "copy":
            assert ids == {"compliance", "information", "title", "specificity"}, task.slug
            assert set(task.brief.required_info) == FIVE_FACTS, task.slug
            assert len(task.brief.facts) >= 5, task.slug
        if task.kind == "reply":
            assert ids == {"compliance", "empathy", "solution"}, task.slug
            assert len(task.brief.message) >= 20, task.slug


def test_exemplars_are_compliant(basic):
    for task in _tasks(basic):
        if task.exemplar is None:
            continue
        text = "\n".join(filter(None, [task.exemplar.title, task.exemplar.body, task.exemplar.text]))
        assert not BANNED.search(text), f"{task.slug}: {BANNED.search(text).group(0)!r}"
        if task.exemplar.title:
            size = sum(1 if ord(ch) < 128 else 2 for ch in task.exemplar.title)
            assert size <= (task.brief.title_max_bytes or 60), task.slug


def test_copy_exemplars_state_every_fact(basic):
    labels = ("产地", "规格", "保质期|新鲜度|现摘|取蜜|收割", "储存", "发货")
    for task in _tasks(basic):
        if task.kind == "copy":
            for label in labels:
                assert re.search(label, task.exemplar.body), f"{task.slug}: no {label}"


def test_exemplars_pass_the_rule_critic(basic):
    tutor = pytest.importorskip("tutor")
    for task in _tasks(basic):
        if task.kind == "copy":
            given = {"title": task.exemplar.title, "body": task.exemplar.body}
        elif task.kind == "reply":
            given = {"message": task.brief.message, "reply": task.exemplar.text}
        else:
            continue
        result = tutor.critique(task.kind, given, task.brief.for_tutor())
        errors = [f["code"] for f in result["findings"] if f["severity"] == "error"]
        assert not errors and result["score"] >= task.pass_score, (task.slug, result["findings"])


def test_lesson_links_stay_inside_the_catalog():
    catalog_lessons = {p.stem for p in DEFAULT_ROOT.glob("basic/*/*.md")}
    for path in DEFAULT_ROOT.glob("basic/*/*.md"):
        for slug in re.findall(r"\(lesson:([a-z0-9-]+)\)", path.read_text(encoding="utf-8")):
            assert slug in catalog_lessons, f"{path.name} links to {slug}"
