"""The shipped catalog validates; the loaded catalog has the right shape."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from courses import CatalogError, catalog_summary, check_catalog, load_catalog, suggest_track
from courses.model import content_hash


def test_shipped_catalog_has_no_errors():
    catalog, errors = check_catalog()
    assert [str(e) for e in errors] == []
    assert [t.slug for t in catalog.tracks] == ["basic", "livestream", "advanced"]


def test_mini_catalog_loads(mini):
    catalog = load_catalog(mini.root)
    course = catalog.track("basic").courses[0]
    assert [le.slug for le in course.lessons] == ["demo-one", "demo-two", "demo-three"]
    assert [t.kind for t in course.tasks] == ["quiz", "copy", "reply"]
    assert catalog.tasks["demo-quiz"].lesson == "demo-one"
    assert catalog.tasks["demo-quiz"].questions[2].correct_ids == {"false"}
    assert catalog.tasks["demo-copy"].brief.for_tutor() == {
        "product": "赣南脐橙",
        "required_info": ["origin", "spec", "freshness", "storage", "shipping"],
    }
    assert catalog.lessons["demo-one"].file == "basic/demo/demo-one.md"
    assert 400 <= catalog.lessons["demo-one"].chars <= 1200


def test_load_catalog_raises_with_every_error(mini):
    mini.edit("basic/demo/demo-two.md", "minutes: 5", "minutes: 99")
    mini.edit("basic/demo/demo-three.md", "minutes: 5", "minutes: x")
    with pytest.raises(CatalogError) as info:
        load_catalog(mini.root)
    assert [e.file for e in info.value.errors] == ["basic/demo/demo-three.md", "basic/demo/demo-two.md"]
    assert "basic/demo/demo-two.md:4:" in str(info.value)


def test_summary_shape(mini):
    summary = catalog_summary(load_catalog(mini.root))
    assert summary == {
        "tracks": [
            {"slug": "basic", "courses": [
                {"slug": "demo", "lessons": 3,
                 "tasks": {"quiz": 1, "copy": 1, "livestream": 0, "reply": 1}},
            ]},
            {"slug": "livestream", "courses": []},
        ]
    }
    assert list(summary["tracks"][0]["courses"][0]["tasks"]) == ["quiz", "copy", "livestream", "reply"]


def test_content_hash_is_stable_and_tracks_text(mini):
    first = load_catalog(mini.root).tasks["demo-copy"]
    again = load_catalog(mini.root).tasks["demo-copy"]
    assert len(first.content_hash) == 64 and first.content_hash == again.content_hash
    assert first.content_hash == content_hash(first.hash_payload())
    assert replace(first, title="新标题").hash_payload() != first.hash_payload()
    mini.edit("basic/demo/tasks/demo-copy.yaml", "5斤装，", "10斤装，")
    assert load_catalog(mini.root).tasks["demo-copy"].content_hash != first.content_hash
    lesson = load_catalog(mini.root).lessons["demo-two"]
    mini.edit("basic/demo/demo-two.md", "## 怎么开始", "## 怎么开始吧")
    assert load_catalog(mini.root).lessons["demo-two"].content_hash != lesson.content_hash


def test_cli_reports_errors_and_json(mini):
    ok = subprocess.run(
        [sys.executable, "-m", "courses", "check", "--json", "--root", str(mini.root)],
        capture_output=True, text=True, check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == catalog_summary(load_catalog(mini.root))
    mini.edit("basic/demo/course.yaml", "title_en: Demo course\n", "")
    bad = subprocess.run(
        [sys.executable, "-m", "courses", "check", "--root", str(mini.root)],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        "basic/demo/course.yaml:1: course.yaml: missing required key 'title_en'"
    ]
    bad_json = subprocess.run(
        [sys.executable, "-m", "courses", "check", "--json", "--root", str(mini.root)],
        capture_output=True, text=True, check=False,
    )
    assert bad_json.returncode == 1
    assert json.loads(bad_json.stdout)["errors"] == [
        {"file": "basic/demo/course.yaml", "line": 1,
         "message": "course.yaml: missing required key 'title_en'"}
    ]


def test_every_track_can_be_suggested_by_the_shipped_placement():
    placement = load_catalog().placement
    for track in placement.tracks:
        answers = {}
        for question in placement.questions:
            def lead(option, track=track):
                others = [n for t, n in option.points.items() if t != track]
                return option.points.get(track, 0) - max(others, default=0)
            answers[question.id] = max(question.options, key=lead).id
        assert suggest_track(placement, answers).track == track


def test_rubric_ids_in_courses_equal_the_tutor_criteria():
    """A task file's rubric may name exactly the criteria the tutor scores for its kind."""
    from courses.model import RUBRIC_IDS
    from tutor import KIND_SPECS

    assert set(RUBRIC_IDS) == set(KIND_SPECS)
    for kind, ids in RUBRIC_IDS.items():
        assert set(ids) == set(KIND_SPECS[kind].criteria), kind
