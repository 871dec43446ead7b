"""Static files under content-hashed URLs with year-long cache headers."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_from_directory, url_for

bp = Blueprint("assets", __name__)
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """URL of a static file whose path carries a hash of its content."""
    path = Path(current_app.static_folder) / filename
    digest = _digest(str(path), path.stat().st_mtime)
    return url_for("assets.asset", digest=digest, filename=filename)


@bp.get("/a/<digest>/<path:filename>")
def asset(digest: str, filename: str):
    path = Path(current_app.static_folder) / filename
    if not path.is_file() or _digest(str(path), path.stat().st_mtime) != digest:
        abort(404)
    response = send_from_directory(current_app.static_folder, filename, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
