"""Language choice and localised names.

The language: the user's setting, then a cookie, then the browser, then zh_CN. Babel parses
"zh_CN" as zh_Hans_CN, so the Chinese catalog lives in translations/zh_Hans_CN. The compiled
catalogs (.mo) are built from the .po files by `lms i18n compile` (and at install time) —
never when an app is created, so a read-only install starts.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from lms.extensions import babel

LANG_COOKIE = "lang"
TRANSLATIONS = Path(__file__).parent / "translations"


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and workers
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in supported:
        return cookie
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
        if best == "en":
            return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def is_english() -> bool:
    return str(get_locale()).startswith("en")


def loc_title(row) -> str:
    """The English title when the page is English and one exists, else the Chinese one."""
    english = getattr(row, "title_en", "") or (row.get("title_en") if isinstance(row, dict) else "")
    if is_english() and english:
        return english
    return row["title"] if isinstance(row, dict) else row.title


def localtime(value) -> str:
    """A stored (naive UTC) time as the learners' local time, LMS_TIMEZONE: 2026-12-03 15:04."""
    return format_datetime(value, "yyyy-MM-dd HH:mm") if value else ""


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_filter(loc_title, "loc_title")
    app.add_template_filter(localtime, "localtime")

    @app.context_processor
    def _locale():
        return {"current_locale": str(get_locale())}
