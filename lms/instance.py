"""The instance folder (`LMS_INSTANCE`): SQLite files and the secret key. Prepared explicitly
by `lms` commands, the WSGI entry and the test fixtures — never by creating an app."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

KEY_FILE = "secret_key"


def read_secret_key(folder: Path) -> str | None:
    """The instance's kept secret key, if one was made."""
    key_file = folder / KEY_FILE
    return key_file.read_text().strip() if key_file.exists() else None


def create_secret_key(folder: Path) -> str:
    """Generate and keep a secret key, once; a concurrent start keeps the first one written."""
    existing = read_secret_key(folder)
    if existing:
        return existing
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{KEY_FILE}.{os.getpid()}.tmp"
    tmp.write_text(secrets.token_hex(32))
    os.chmod(tmp, 0o600)
    try:
        os.link(tmp, folder / KEY_FILE)  # fails if another process won the race
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return read_secret_key(folder) or ""


def prepare_instance(app: Flask) -> None:
    """Make the instance folder (for SQLite) and the secret key when the config has none."""
    folder = Path(app.config["INSTANCE_PATH"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") or not app.config.get("SECRET_KEY"):
        folder.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = create_secret_key(folder)
