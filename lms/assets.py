"""Static files under content-hashed URLs with year-long cache headers."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for

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


@lru_cache(maxsize=128)
def _encoded(path: str, digest: str, encoding: str) -> bytes:
    """The file's bytes, compressed once per process (`digest` keys a new version)."""
    data = Path(path).read_bytes()
    if encoding == "br":
        import brotli

        return brotli.compress(data, quality=11)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return data


def _encoding_for(filename: str) -> str:
    if mimetypes.guess_type(filename)[0] not in current_app.config["COMPRESS_MIMETYPES"]:
        return "identity"
    accepted = request.accept_encodings
    return next((e for e in ("br", "gzip") if accepted[e]), "identity")


@bp.get("/a/<digest>/<path:filename>")
def asset(digest: str, filename: str):
    """A hashed static file: immutable for a year, compressed once per process at the best
    level (a file response would otherwise be streamed, and streams are not gzipped)."""
    path = Path(current_app.static_folder) / filename
    if not path.is_file() or _digest(str(path), path.stat().st_mtime) != digest:
        abort(404)
    encoding = _encoding_for(filename)
    response = Response(_encoded(str(path), digest, encoding),
                        mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream")
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
