"""Language choice: the user's setting, then a cookie, then the browser, then zh_CN.

Babel parses "zh_CN" as zh_Hans_CN, so the Chinese catalog lives in translations/zh_Hans_CN.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

from lms.extensions import babel

LANG_COOKIE = "lang"


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


def init_app(app: Flask) -> None:
    translations = str(Path(__file__).parent / "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translations)
    babel.init_app(app, locale_selector=select_locale)
    from lms.i18n_catalog import ensure_compiled

    ensure_compiled(translations)
