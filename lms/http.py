"""The HTTP edge: ids the database can hold, JSON that cannot exhaust the stack, and the security
headers every response carries (SPEC §5)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from flask import Flask, current_app, make_response, request, session
from flask.json.provider import DefaultJSONProvider
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from lms.models import ID_MAX

# Everything the pages load comes from this site: scripts and styles only from static files
# (no inline scripts, handlers or style attributes), recordings played from blob: URLs, no
# framing (one-tap staff actions must not be clickjacked), forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # join codes and ids in URLs never leave the site
}
PRIVATE = "private, no-store"
# Learner pages that may be kept on the learner's own phone, but only shown again after asking
# the server (a 304 costs one small round trip on a slow link); sign-out clears the cache.
REVALIDATE = "private, no-cache"


@cache
def _release(root: str) -> str:
    """A digest of the templates and compiled translations this process serves: a new release
    changes every page's validator, and every process of one release computes the same."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and path.suffix in (".html", ".mo"):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def conditional_page(parts: tuple, render: Callable[[], str]):
    """A signed-in page with a validator: a weak ETag from everything the page shows (`parts`:
    the catalog version, the learner's rows, the language…) and the release, and 304 when the
    phone's copy is still right. A page with a message waiting is always sent in full."""
    if session.get("_flashes"):
        response = make_response(render())
        response.headers["Cache-Control"] = PRIVATE
        return response
    key = repr((_release(str(Path(current_app.root_path))), request.path, str(get_locale()),
                session.get("csrf_token"), parts))
    tag = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    if request.if_none_match.contains_weak(tag):
        response = make_response("", 304)
    else:
        response = make_response(render())
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = REVALIDATE
    return response


def _up_to(limit: int) -> str:
    """A regex for the decimal numbers 0..limit: 2147483647 → [0-9]{1,9}|1[0-9]{9}|20[0-9]{8}|…"""
    digits = str(limit)
    parts = [f"[0-9]{{1,{len(digits) - 1}}}"]
    for i, ch in enumerate(digits):
        low = 1 if i == 0 else 0
        if int(ch) > low:
            parts.append(f"{digits[:i]}[{low}-{int(ch) - 1}][0-9]{{{len(digits) - i - 1}}}")
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: an id too large for the database matches no route (404), where
    it used to reach the database (500). The bound is in the regex, not only in `max`, because
    a path that fails conversion after matching another method's rule answers 405."""

    regex = _up_to(ID_MAX)

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


def db_id(value: str) -> int:
    """`request.form.get("version", type=db_id)`: a form or query id, None when out of range."""
    number = int(value)
    if not 0 < number <= ID_MAX:
        raise ValueError("id out of range")
    return number


class JSONProvider(DefaultJSONProvider):
    """JSON nested deeper than the parser's recursion limit is a bad request (400), not a 500:
    `request.get_json()` turns a ValueError into 400 and `get_json(silent=True)` into None."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON is nested too deeply") from error


def _secure(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if "Cache-Control" not in response.headers and (
        request.path.startswith("/api/")
        or (response.mimetype == "text/html" and current_user and current_user.is_authenticated)
    ):
        response.headers["Cache-Control"] = PRIVATE  # shared phones and proxies keep no copy
    return response


def init_app(app: Flask) -> None:
    """Call first in create_app: the converter must be in place before any route is added."""
    app.url_map.converters["int"] = IdConverter
    app.json = JSONProvider(app)
    app.after_request(_secure)
