"""Syncing the file catalog into the database: idempotent, versioned, retiring."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from courses.loader import load_catalog
from lms.models import Lesson, Task, TaskAttempt, TaskVersion
from lms.services import progress
from lms.services.catalog import sync_catalog
from tests.conftest import make_learner

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_second_sync_changes_nothing(app, db, root):
    first = sync_catalog(load_catalog(root))
    assert "task demo-quiz" in first.created and "track basic" in first.created
    second = sync_catalog(load_catalog(root))
    assert not second.changed, second.lines()
    assert db.session.scalar(select(func.count()).select_from(TaskVersion)) == 3


def test_edited_task_gets_a_new_version_and_old_attempts_keep_their_text(app, db, root):
    sync_catalog(load_catalog(root))
    learner = make_learner()
    quiz = db.session.scalar(select(Task).where(Task.slug == "demo-quiz"))
    attempt, _ = progress.do_submit_quiz(learner, quiz, {"q1": "b", "q2": ["a"], "q3": "true"}, "n1")
    _edit(root / "basic/demo/tasks/demo-quiz.yaml", "哪个标题合规？", "哪个商品标题合规？")
    report = sync_catalog(load_catalog(root))
    assert report.new_versions == ["demo-quiz"]
    db.session.refresh(quiz)
    assert [v.number for v in quiz.versions] == [1, 2]
    assert quiz.current.definition["questions"][0]["prompt"] == "哪个商品标题合规？"
    old = db.session.get(TaskAttempt, attempt.id)
    assert old.task_version.number == 1
    assert old.task_version.definition["questions"][0]["prompt"] == "哪个标题合规？"


def test_removed_content_is_retired_not_deleted(app, db, client, root, login_as):
    sync_catalog(load_catalog(root))
    _edit(root / "basic/demo/course.yaml", "tasks: [demo-quiz, demo-copy, demo-reply]",
          "tasks: [demo-quiz, demo-copy]")
    (root / "basic/demo/tasks/demo-reply.yaml").unlink()
    report = sync_catalog(load_catalog(root))
    assert report.retired == ["task demo-reply"]
    reply = db.session.scalar(select(Task).where(Task.slug == "demo-reply"))
    assert reply is not None and reply.is_active is False
    login_as("learner")
    assert client.get("/learn/tasks/demo-reply").status_code == 404
    assert "demo-reply" not in client.get("/learn/courses/demo").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 3


def test_cli_check_json_and_sync(app, runner):
    import json

    result = runner.invoke(args=["courses", "check", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert [t["slug"] for t in summary["tracks"]] == ["basic", "livestream", "advanced"]
    assert set(summary["tracks"][0]["courses"][0]["tasks"]) == {"quiz", "copy", "livestream", "reply"}
    first = runner.invoke(args=["courses", "sync"])
    assert first.exit_code == 0 and "created track basic" in first.output
    again = runner.invoke(args=["courses", "sync"])
    assert again.exit_code == 0 and "already up to date" in again.output


def test_cli_check_lists_every_error_and_fails(app, runner, root, monkeypatch):
    from lms import commands

    _edit(root / "basic/demo/tasks/demo-quiz.yaml", "pass_score: 60", "pass_score: lots")
    real = commands.check_catalog
    monkeypatch.setattr(commands, "check_catalog", lambda: real(root))
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 1
    assert "basic/demo/tasks/demo-quiz.yaml:" in result.output
