"""Database set-up: SQLAlchemy, SQLite pragmas (WAL), and where migrations live."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event

from lms.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    db.init_app(app)
    import lms.models  # noqa: F401  (register every table on the metadata)

    if uri.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def upgrade_to_head() -> None:
    """Apply every migration (run inside an app context)."""
    from flask_migrate import upgrade

    upgrade(directory=str(MIGRATIONS_DIR))

