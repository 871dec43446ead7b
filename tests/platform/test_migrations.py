"""Migrations are the only way the schema changes: they build the models' schema from nothing
and carry existing data forward."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from lms import create_app
from lms.database import MIGRATIONS_DIR
from lms.extensions import db
from tests.conftest import empty_database, make_config


def upgrade(app, revision="head"):
    from flask_migrate import upgrade as do_upgrade

    with app.app_context():
        do_upgrade(directory=str(MIGRATIONS_DIR), revision=revision)


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(tmp_path, database_url, instance_dir):
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app)
        with app.app_context():
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            db.engine.dispose()
        assert diff == [], f"models and migrations disagree: {diff}"


def test_upgrading_a_database_that_holds_data_keeps_it(tmp_path, database_url, instance_dir):
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0001_foundation")
        with app.app_context():
            from werkzeug.security import generate_password_hash

            pw = generate_password_hash("kept-pass-1", method="scrypt:1024:8:1")
            db.session.execute(text(
                "INSERT INTO organisations (id, kind, name, created_at) VALUES (1, 'village', '老村', '2026-01-01')"))
            db.session.execute(text(
                "INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, created_at) "
                "VALUES (1, 1, '老组', 'OLD234', 50, true, '2026-01-01')"))
            db.session.execute(text(
                "INSERT INTO users (id, username, display_name, password_hash, role, org_id, "
                "is_active_account, must_change_password, session_version, failed_logins, created_at) "
                "VALUES (1, 'oldtimer', '老学员', :pw, 'learner', 1, true, false, 1, 0, '2026-01-01')"), {"pw": pw})
            db.session.execute(text(
                "INSERT INTO memberships (id, cohort_id, user_id, role, created_at) "
                "VALUES (1, 1, 1, 'learner', '2026-01-01')"))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            from lms.services import accounts

            user = accounts.authenticate("oldtimer", "kept-pass-1")
            assert user.display_name == "老学员"
            assert [m.cohort.join_code for m in user.memberships] == ["OLD234"]
            db.session.remove()
            db.engine.dispose()


def test_there_is_one_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(script.get_heads()) == 1


def test_assignments_migration_goes_down_and_up_again(tmp_path, database_url, instance_dir):
    from flask_migrate import downgrade

    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app)
        with app.app_context():
            downgrade(directory=str(MIGRATIONS_DIR), revision="0002_catalog_progress")
            assert "assignments" not in db.inspect(db.engine).get_table_names()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            assert "assignments" in db.inspect(db.engine).get_table_names()
            db.engine.dispose()


def test_learner_assignments_migration_keeps_cohort_assignments_and_allows_one_target(
        tmp_path, database_url, instance_dir):
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy.exc import IntegrityError

    rows = [
        "INSERT INTO organisations (id, kind, name, created_at) VALUES (1, 'village', '老村', '2026-01-01')",
        ("INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, created_at) "
         "VALUES (1, 1, '老组', 'OLD234', 50, true, '2026-01-01')"),
        ("INSERT INTO users (id, username, display_name, password_hash, role, org_id, is_active_account, "
         "must_change_password, session_version, failed_logins, created_at) "
         "VALUES (1, 'oldtimer', '老学员', 'x', 'learner', 1, true, false, 1, 0, '2026-01-01')"),
        ("INSERT INTO tracks (id, slug, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'basic', 0, '基础', 'Basic', '', '', true)"),
        ("INSERT INTO courses (id, slug, track_id, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'demo', 1, 0, '课', 'Course', '', '', true)"),
        ("INSERT INTO tasks (id, slug, course_id, position, kind, title, title_en, is_active) "
         "VALUES (1, 'demo-quiz', 1, 0, 'quiz', '测验', 'Quiz', true)"),
        ("INSERT INTO assignments (id, cohort_id, task_id, due_on, note, created_at) "
         "VALUES (1, 1, 1, '2026-12-24', '先做', '2026-01-01')"),
    ]
    insert = ("INSERT INTO assignments (id, cohort_id, learner_id, task_id, due_on, note, created_at) "
              "VALUES (:id, :cohort, :learner, 1, '2026-12-31', '', '2026-01-01')")
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0003_assignments")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            kept = db.session.execute(text(
                "SELECT cohort_id, learner_id, task_id, due_on, note FROM assignments")).all()
            assert [(c, le, t, str(d), n) for c, le, t, d, n in kept] == [(1, None, 1, "2026-12-24", "先做")]
            db.session.execute(text(insert), {"id": 2, "cohort": None, "learner": 1})
            db.session.commit()
            for bad in ({"id": 3, "cohort": None, "learner": None}, {"id": 4, "cohort": 1, "learner": 1},
                        {"id": 5, "cohort": None, "learner": 1}):   # no target, both, a second one
                with pytest.raises(IntegrityError):
                    db.session.execute(text(insert), bad)
                    db.session.commit()
                db.session.rollback()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0003_assignments")
            left = db.session.execute(text("SELECT id FROM assignments")).scalars().all()
            assert left == [1]   # the personal assignment has no cohort to go back to
            db.session.remove()
            db.engine.dispose()


def test_submissions_migration_marks_old_quiz_attempts_done_and_goes_down_again(
        tmp_path, database_url, instance_dir):
    from flask_migrate import downgrade

    rows = [
        ("INSERT INTO users (id, username, display_name, password_hash, role, is_active_account, "
         "must_change_password, session_version, failed_logins, created_at) "
         "VALUES (1, 'oldtimer', '老学员', 'x', 'learner', true, false, 1, 0, '2026-01-01')"),
        ("INSERT INTO tracks (id, slug, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'basic', 0, '基础', 'Basic', '', '', true)"),
        ("INSERT INTO courses (id, slug, track_id, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'demo', 1, 0, '课', 'Course', '', '', true)"),
        ("INSERT INTO tasks (id, slug, course_id, position, kind, title, title_en, is_active) "
         "VALUES (1, 'demo-quiz', 1, 0, 'quiz', '测验', 'Quiz', true)"),
        ("INSERT INTO task_versions (id, task_id, number, content_hash, definition, created_at) "
         "VALUES (1, 1, 1, 'h', '{\"kind\": \"quiz\", \"pass_score\": 60}', '2026-01-01')"),
        ("INSERT INTO task_attempts (id, user_id, task_version_id, nonce, answers, score, passed, created_at) "
         "VALUES (1, 1, 1, 'n1', '{\"q1\": [\"a\"]}', 80, true, '2026-01-02')"),
    ]
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0004_learner_assignments")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            kept = db.session.execute(text(
                "SELECT score, passed, status, has_audio, needs_review, tries, critique FROM task_attempts")).all()
            assert [tuple(r) for r in kept] == [(80, True, "done", False, False, 0, None)]
            db.session.rollback()   # end the read so the downgrade's ALTER TABLE can lock the table
            downgrade(directory=str(MIGRATIONS_DIR), revision="0004_learner_assignments")
            assert db.session.execute(text("SELECT score FROM task_attempts")).scalars().all() == [80]
            db.session.remove()
            db.engine.dispose()


def test_sessions_migration_keeps_people_and_their_rows_and_gives_old_cards_an_expiry(
        tmp_path, database_url, instance_dir):
    """0006 rebuilds `users` (SQLite batch mode): no membership, attempt or card may be lost."""
    from datetime import timedelta

    from flask_migrate import downgrade

    from lms.clock import utcnow

    rows = [
        "INSERT INTO organisations (id, kind, name, created_at) VALUES (1, 'village', '老村', '2026-01-01')",
        ("INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, created_at) "
         "VALUES (1, 1, '老组', 'OLD234', 50, true, '2026-01-01')"),
        ("INSERT INTO users (id, username, display_name, password_hash, role, org_id, is_active_account, "
         "must_change_password, session_version, failed_logins, locked_until, created_at) VALUES "
         "(1, 'oldtimer', '老学员', 'x', 'learner', 1, true, false, 1, 3, '2026-01-01', '2026-01-01'), "
         "(2, 'cardholder', '新学员', 'x', 'learner', 1, true, true, 1, 0, NULL, '2026-01-01')"),
        ("INSERT INTO memberships (id, cohort_id, user_id, role, created_at) VALUES "
         "(1, 1, 1, 'learner', '2026-01-01'), (2, 1, 2, 'learner', '2026-01-01')"),
        ("INSERT INTO api_tokens (id, user_id, token_hash, created_at, expires_at, session_version) "
         "VALUES (1, 1, 'h', '2026-01-01', '2027-01-01', 1)"),
    ]
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0005_submissions")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            assert db.session.execute(text("SELECT count(*) FROM memberships")).scalar() == 2
            assert db.session.execute(text("SELECT count(*) FROM api_tokens")).scalar() == 1
            cards = dict(db.session.execute(text("SELECT username, one_time_expires_at FROM users")).all())
            assert cards["oldtimer"] is None
            expires = cards["cardholder"]
            expires = expires if not isinstance(expires, str) else __import__("datetime").datetime.fromisoformat(expires)
            assert timedelta(days=13) < expires - utcnow() <= timedelta(days=14)
            db.session.rollback()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0005_submissions")
            assert db.session.execute(text("SELECT count(*) FROM memberships")).scalar() == 2
            assert db.session.execute(text("SELECT sum(failed_logins) FROM users")).scalar() == 0
            db.session.remove()
            db.engine.dispose()


def test_reviews_migration_keeps_attempts_and_their_audio_and_goes_down_again(tmp_path, database_url, instance_dir):
    from flask_migrate import downgrade

    rows = [
        ("INSERT INTO users (id, username, display_name, password_hash, role, is_active_account, "
         "must_change_password, session_version, created_at) "
         "VALUES (1, 'oldtimer', '老学员', 'x', 'learner', true, false, 1, '2026-01-01')"),
        ("INSERT INTO tracks (id, slug, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'basic', 0, '基础', 'Basic', '', '', true)"),
        ("INSERT INTO courses (id, slug, track_id, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'demo', 1, 0, '课', 'Course', '', '', true)"),
        ("INSERT INTO tasks (id, slug, course_id, position, kind, title, title_en, is_active) "
         "VALUES (1, 'demo-live', 1, 0, 'livestream', '直播', 'Live', true)"),
        ("INSERT INTO task_versions (id, task_id, number, content_hash, definition, created_at) "
         "VALUES (1, 1, 1, 'h', '{\"kind\": \"livestream\", \"pass_score\": 60}', '2026-01-01')"),
        ("INSERT INTO task_attempts (id, user_id, task_version_id, nonce, answers, score, passed, created_at, "
         "status, has_audio, needs_review, tries) "
         "VALUES (1, 1, 1, 'n1', '{}', 30, false, '2026-01-02', 'done', true, true, 1)"),
        ("INSERT INTO attempt_audio (attempt_id, mime, size, duration, data, created_at) "
         "VALUES (1, 'audio/webm', 3, 1.5, 'abc', '2026-01-02')"),
    ]
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0006_sessions_one_time")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            kept = db.session.execute(text(
                "SELECT score, needs_review, help_requested, reviewed_at FROM task_attempts")).all()
            assert [tuple(r) for r in kept] == [(30, True, False, None)]
            assert db.session.execute(text("SELECT count(*) FROM attempt_audio")).scalar() == 1
            assert db.session.execute(text("SELECT count(*) FROM reviews")).scalar() == 0
            db.session.rollback()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0006_sessions_one_time")
            assert db.session.execute(text("SELECT score FROM task_attempts")).scalars().all() == [30]
            assert db.session.execute(text("SELECT count(*) FROM attempt_audio")).scalar() == 1
            db.session.remove()
            db.engine.dispose()


def test_catalog_syncs_migration_gives_an_existing_catalog_a_version_and_goes_down_again(
        tmp_path, database_url, instance_dir):
    """A database that already holds a catalog gets one version row, so every web process has a
    version to compare with before the next sync; an empty database gets none."""
    from flask_migrate import downgrade

    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0007_reviews")
        with app.app_context():
            db.session.execute(text(
                "INSERT INTO tracks (id, slug, position, title, title_en, summary, summary_en, is_active) "
                "VALUES (1, 'basic', 0, '基础', 'Basic', '', '', true)"))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            rows = db.session.execute(text("SELECT id, token, changes FROM catalog_syncs")).all()
            assert len(rows) == 1 and len(rows[0].token) == 32 and rows[0].changes == 0
            assert db.session.execute(text("SELECT slug FROM tracks")).scalars().all() == ["basic"]
            db.session.rollback()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0007_reviews")
            assert db.session.execute(text("SELECT slug FROM tracks")).scalars().all() == ["basic"]
            db.session.remove()
            db.engine.dispose()
    (tmp_path / "fresh").mkdir()
    with empty_database(tmp_path / "fresh", database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app)
        with app.app_context():
            assert db.session.execute(text("SELECT count(*) FROM catalog_syncs")).scalar() == 0
            db.session.remove()
            db.engine.dispose()


def test_lesson_assignments_migration_keeps_task_assignments_and_allows_one_item(
        tmp_path, database_url, instance_dir):
    """0011: an assignment names a task or a lesson, never both or neither; what was assigned
    before keeps its task, and going down drops only the lesson assignments."""
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy.exc import IntegrityError

    rows = [
        "INSERT INTO organisations (id, kind, name, created_at) VALUES (1, 'village', '老村', '2026-01-01')",
        ("INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, created_at) "
         "VALUES (1, 1, '老组', 'OLD234', 50, true, '2026-01-01')"),
        ("INSERT INTO users (id, username, display_name, password_hash, role, org_id, is_active_account, "
         "must_change_password, session_version, created_at) "
         "VALUES (1, 'oldtimer', '老学员', 'x', 'learner', 1, true, false, 1, '2026-01-01')"),
        ("INSERT INTO tracks (id, slug, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'basic', 0, '基础', 'Basic', '', '', true)"),
        ("INSERT INTO courses (id, slug, track_id, position, title, title_en, summary, summary_en, is_active) "
         "VALUES (1, 'demo', 1, 0, '课', 'Course', '', '', true)"),
        ("INSERT INTO lessons (id, slug, course_id, position, title, title_en, minutes, key_points, body, "
         "content_hash, is_active) VALUES (1, 'demo-one', 1, 0, '第一课', 'One', 3, '[]', '正文', '', true)"),
        ("INSERT INTO tasks (id, slug, course_id, position, kind, title, title_en, is_active) "
         "VALUES (1, 'demo-quiz', 1, 0, 'quiz', '测验', 'Quiz', true)"),
        ("INSERT INTO assignments (id, cohort_id, task_id, due_on, note, created_at) "
         "VALUES (1, 1, 1, '2026-12-24', '先做', '2026-01-01')"),
        ("INSERT INTO assignments (id, learner_id, task_id, due_on, note, created_at) "
         "VALUES (2, 1, 1, '2026-12-28', '', '2026-01-01')"),
    ]
    insert = ("INSERT INTO assignments (id, cohort_id, task_id, lesson_id, due_on, note, created_at) "
              "VALUES (:id, 1, :task, :lesson, '2026-12-31', '', '2026-01-01')")
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0010_enrolments")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            kept = db.session.execute(text(
                "SELECT cohort_id, learner_id, task_id, lesson_id, due_on, note FROM assignments ORDER BY id")).all()
            assert [(c, le, t, ls, str(d), n) for c, le, t, ls, d, n in kept] == [
                (1, None, 1, None, "2026-12-24", "先做"), (None, 1, 1, None, "2026-12-28", "")]
            db.session.execute(text(insert), {"id": 3, "task": None, "lesson": 1})
            db.session.commit()
            for bad in ({"id": 4, "task": None, "lesson": None}, {"id": 5, "task": 1, "lesson": 1},
                        {"id": 6, "task": None, "lesson": 1}):   # neither, both, the same lesson again
                with pytest.raises(IntegrityError):
                    db.session.execute(text(insert), bad)
                    db.session.commit()
                db.session.rollback()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0010_enrolments")
            left = db.session.execute(text("SELECT id FROM assignments ORDER BY id")).scalars().all()
            assert left == [1, 2]   # the lesson assignment has no task to go back to
            db.session.remove()
            db.engine.dispose()


def test_roster_imports_migration_keeps_people_and_goes_down_and_up_again(tmp_path, database_url, instance_dir):
    """0012 adds the table the web's class-list imports wait in; one import per file, staff
    member and group; going down drops only that table."""
    import pytest
    from flask_migrate import downgrade
    from sqlalchemy.exc import IntegrityError

    rows = [
        "INSERT INTO organisations (id, kind, name, created_at) VALUES (1, 'school', '老校', '2026-01-01')",
        ("INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, created_at) "
         "VALUES (1, 1, '一班', 'OLD234', 50, true, '2026-01-01')"),
        ("INSERT INTO users (id, username, display_name, password_hash, role, org_id, is_active_account, "
         "must_change_password, session_version, created_at) VALUES "
         "(1, 'teacher_old', '老师', 'x', 'teacher', 1, true, false, 1, '2026-01-01'), "
         "(2, 'pupil_old', '学生', 'x', 'learner', 1, true, true, 1, '2026-01-01')"),
        ("INSERT INTO memberships (id, cohort_id, user_id, role, created_at) VALUES "
         "(1, 1, 1, 'teacher', '2026-01-01'), (2, 1, 2, 'learner', '2026-01-01')"),
    ]
    insert = ("INSERT INTO roster_imports (cohort_id, created_by_id, key, status, rows, tries, created_at, updated_at) "
              "VALUES (1, 1, :key, 'queued', '[]', 0, '2026-12-04', '2026-12-04')")
    with empty_database(tmp_path, database_url) as url:
        app = create_app(make_config(url, instance_dir))
        upgrade(app, "0011_lesson_assignments")
        with app.app_context():
            for row in rows:
                db.session.execute(text(row))
            db.session.commit()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            assert db.session.execute(text("SELECT count(*) FROM memberships")).scalar() == 2
            db.session.execute(text(insert), {"key": "f1"})
            db.session.commit()
            with pytest.raises(IntegrityError):        # the same file twice: one import
                db.session.execute(text(insert), {"key": "f1"})
                db.session.commit()
            db.session.rollback()
            db.session.execute(text("DELETE FROM cohorts WHERE id = 1"))   # the group goes: its imports too
            db.session.execute(text("INSERT INTO cohorts (id, org_id, name, join_code, capacity, is_open, "
                                    "created_at) VALUES (1, 1, '一班', 'OLD234', 50, true, '2026-01-01')"))
            db.session.commit()
            assert db.session.execute(text("SELECT count(*) FROM roster_imports")).scalar() == 0
            db.session.execute(text(insert), {"key": "f2"})
            db.session.commit()
            downgrade(directory=str(MIGRATIONS_DIR), revision="0011_lesson_assignments")
            assert "roster_imports" not in db.inspect(db.engine).get_table_names()
            assert db.session.execute(text("SELECT count(*) FROM users")).scalar() == 2
            db.session.remove()
            db.engine.dispose()
        upgrade(app)
        with app.app_context():
            assert "roster_imports" in db.inspect(db.engine).get_table_names()
            db.session.remove()
            db.engine.dispose()
