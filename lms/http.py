"""The HTTP edge: ids the database can hold, JSON that cannot exhaust the stack, and the security
headers every response carries (SPEC §5)."""

from __future__ import annotations

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
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
