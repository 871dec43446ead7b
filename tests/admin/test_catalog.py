"""The admin sees which catalog learners get and re-syncs it from the content files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from courses import loader
from lms.extensions import db
from lms.models import Lesson, Task, TaskVersion, Track
from lms.services import catalog, catalog_status
from lms.services.catalog import sync_catalog
from tests.conftest import csrf_token, post_form

MINI = Path(__file__).parents[1] / "courses" / "fixtures" / "mini"


def counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Track, Lesson, Task, TaskVersion))


def use_content(monkeypatch, root: Path) -> None:
    """Point the loader (what sync_from_files and the status page read) at other content files."""
    load, check = loader.load_catalog, loader.check_catalog
    monkeypatch.setattr(loader, "load_catalog", lambda path=root: load(path))
    monkeypatch.setattr(loader, "check_catalog", lambda path=root: check(path))


@pytest.fixture
def admin(login_as):
    return login_as("admin")


@pytest.fixture
def broken(tmp_path) -> Path:
    """The small catalog with two content errors."""
    root = tmp_path / "broken"
    shutil.copytree(MINI, root)
    quiz = root / "basic/demo/tasks/demo-quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("pass_score:", "pass_scor:"), encoding="utf-8")
    (root / "basic/demo/demo-two.md").write_text("no front matter\n", encoding="utf-8")
    return root


def test_the_page_says_the_version_and_size_and_that_the_files_match(client, admin, monkeypatch):
    use_content(monkeypatch, MINI)
    sync_catalog(loader.load_catalog(MINI))
    html = client.get("/admin/catalog").get_data(as_text=True)
    status = catalog_status.status(admin)
    assert status.up_to_date and status.version == status.files_version and len(status.version) == 12
    assert status.version in html and "和数据库一致" in html
    assert "2 个班、1 门课程、3 节课、3 个练习任务" in html
    assert (status.tracks, status.courses, status.lessons, status.tasks) == (2, 1, 3, 3)
    assert status.changed_at is not None


def test_a_change_in_the_files_shows_then_a_confirmed_sync_publishes_it(client, admin, monkeypatch, tmp_path):
    sync_catalog(loader.load_catalog(MINI))
    changed = tmp_path / "changed"
    shutil.copytree(MINI, changed)
    lesson = changed / "basic/demo/demo-one.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n多一句话。\n", encoding="utf-8")
    use_content(monkeypatch, changed)
    before = catalog_status.status(admin)
    assert not before.up_to_date
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "changed since the last sync" in client.get("/admin/catalog").get_data(as_text=True)

    question = client.get("/admin/catalog/sync")
    assert question.status_code == 200 and "Sync the course catalog from the content files?" in question.get_data(as_text=True)
    assert post_form(client, "/admin/catalog/sync", {}, token_from="/admin/catalog").status_code == 200
    assert catalog_status.status(admin).version == before.version          # no confirm=yes: nothing synced

    response = post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Synced from the content files." in html
    assert "Changed: 1" in html and "demo-one" in html and "Lesson" in html
    after = catalog_status.status(admin)
    assert after.up_to_date and after.version == before.files_version != before.version
    again = post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    assert "Nothing changed" in again.get_data(as_text=True)


def test_the_first_sync_lists_what_was_added(client, admin, monkeypatch):
    use_content(monkeypatch, MINI)
    response = post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    html = response.get_data(as_text=True)
    assert "新增：9" in html and "demo-quiz" in html
    assert counts()[:3] == (2, 3, 3)


def test_errors_in_the_files_are_listed_and_nothing_is_synced(client, admin, monkeypatch, broken):
    sync_catalog(loader.load_catalog(MINI))
    before, version = counts(), catalog_status.status(admin).version
    use_content(monkeypatch, broken)
    page = client.get("/admin/catalog").get_data(as_text=True)
    assert "改好后才能同步" in page and "demo-quiz.yaml" in page
    response = post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "没有同步" in html and "什么都没有改" in html
    assert "basic/demo/tasks/demo-quiz.yaml" in html and "basic/demo/demo-two.md" in html
    assert counts() == before and catalog_status.status(admin).version == version


def test_a_failure_half_way_through_a_sync_leaves_the_catalog_as_it_was(admin, monkeypatch, tmp_path):
    sync_catalog(loader.load_catalog(MINI))
    before = counts()
    lesson_titles = list(db.session.scalars(select(Lesson.title).order_by(Lesson.id)))
    changed = tmp_path / "changed"
    shutil.copytree(MINI, changed)
    for path in changed.glob("basic/demo/*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: 新", 1), encoding="utf-8")
    use_content(monkeypatch, changed)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(catalog, "_retire", fail)   # after every lesson and task was written
    with pytest.raises(RuntimeError):
        catalog_status.do_resync(admin)
    db.session.expire_all()
    assert counts() == before
    assert list(db.session.scalars(select(Lesson.title).order_by(Lesson.id))) == lesson_titles


def test_the_fingerprints_of_the_files_and_the_database_agree_on_the_shipped_catalog(admin):
    content = loader.load_catalog()
    sync_catalog(content)
    assert catalog_status.fingerprint(catalog_status.database_rows()) == \
        catalog_status.fingerprint(catalog_status.file_rows(content))


@pytest.mark.parametrize("role", ["learner", "mentor", "teacher"])
def test_only_admins_see_or_sync_the_catalog(client, login_as, role):
    login_as(role)
    token = csrf_token(client, "/auth/password")
    assert client.get("/admin/catalog").status_code == 403
    assert client.get("/admin/catalog/sync").status_code == 403
    assert client.post("/admin/catalog/sync", data={"csrf_token": token, "confirm": "yes"}).status_code == 403
    assert counts() == (0, 0, 0, 0)


def test_signed_out_visitors_go_to_sign_in(client):
    for url in ("/admin/catalog", "/admin/catalog/sync"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_page_keeps_a_history_of_syncs_with_what_each_changed(client, admin, monkeypatch, tmp_path):
    assert "还没有同步记录。" in client.get("/admin/catalog").get_data(as_text=True)
    changed = tmp_path / "changed"
    shutil.copytree(MINI, changed)
    use_content(monkeypatch, changed)
    post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    lesson = changed / "basic/demo/demo-one.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n多一句话。\n", encoding="utf-8")
    post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    post_form(client, "/admin/catalog/sync", {"confirm": "yes"}, token_from="/admin/catalog")
    html = client.get("/admin/catalog").get_data(as_text=True)
    history = html[html.index("同步记录"):]
    assert history.count("<li>") >= 3
    assert history.index("没有改动") < history.index("改动：1 处") < history.index("改动：9 处")  # newest first
    assert "updated lesson demo-one" not in history                      # not the CLI's English lines
    assert "修改 · 课 · 示例课 one" in history and "新增 · 任务 · 小测验" in history
    assert '<span class="code muted">demo-quiz</span>' in history
