"""The published catalog each process holds: read once, the same for a whole request, rebuilt
when a sync anywhere made a new version."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from lms import create_app
from lms.extensions import db as _db
from lms.instance import prepare_instance
from lms.models import CatalogSync, Course
from lms.services import published
from lms.services.catalog import SyncReport, record_sync, sync_history
from tests.conftest import make_config


def test_a_sync_in_one_process_is_seen_by_another_within_the_check_interval(
        app, db, synced, database_url, instance_dir, client, login_as):
    """Two apps over one database stand for two processes: each keeps its own catalog."""
    other = create_app(make_config(database_url, instance_dir, CATALOG_CHECK_SECONDS=3600.0))
    prepare_instance(other)
    with other.test_request_context():
        before = published.current()
        assert before.course("demo").title
    course = _db.session.scalar(select(Course).where(Course.slug == "demo"))
    course.title, course.title_en = "改过的课名", "Renamed course"
    record_sync(SyncReport(updated=["course demo"]))        # in "this" process
    login_as("learner")
    assert "Renamed course" in client.get("/learn/courses/demo").get_data(as_text=True)  # at once here
    with other.test_request_context():
        assert published.current() is before                 # not compared yet: an hour's interval
    other.config["CATALOG_CHECK_SECONDS"] = 0.0
    with other.test_request_context():
        fresh = published.current()
        assert fresh is not before and fresh.course("demo").title == "改过的课名"
    with other.app_context():
        _db.session.remove()
        _db.engine.dispose()


def test_every_sync_is_kept_in_the_history_with_what_it_changed(app, db, synced, mini_root):
    from courses.loader import load_catalog
    from lms.services.catalog import sync_catalog

    (mini_root / "basic" / "demo" / "demo-one.md").write_text(
        (mini_root / "basic" / "demo" / "demo-one.md").read_text().replace("title:", "title: 新", 1))
    sync_catalog(load_catalog(mini_root))
    sync_catalog(load_catalog(mini_root))
    newest, middle, first = sync_history(3)
    assert newest.changes == 0 and newest.lines == []
    assert middle.lines == ["updated lesson demo-one"]
    assert first.changes == len(first.lines) > 5 and "created track basic" in first.lines
    assert db.session.scalar(select(CatalogSync.id).order_by(CatalogSync.id.desc())) == newest.id


def test_one_request_sees_one_catalog_even_if_a_sync_lands_meanwhile(app, db, synced):
    with app.test_request_context():
        first = published.current()
        course = _db.session.scalar(select(Course).where(Course.slug == "demo"))
        course.title = "新名"
        db.session.commit()
        db.session.add(CatalogSync(token="f" * 32, changes=1, lines=["updated course demo"]))
        db.session.commit()
        assert published.current() is first              # the rest of this request
    g.__dict__.clear()  # the fixture's app context outlives requests; a server's does not
    with app.test_request_context():
        assert published.current().course("demo").title == "新名"
