"""Staff and admin templates run under `script-src 'self'`: no inline scripts or handlers."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[2] / "lms" / "templates"
FILES = sorted([*TEMPLATES.glob("staff/*.html"), *TEMPLATES.glob("admin/*.html")])
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|action|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_inline_script_or_event_handler(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not HANDLER.search(text)
    assert not JS_URL.search(text)


def test_the_card_prints_through_a_static_script():
    card = (TEMPLATES / "staff" / "card.html").read_text(encoding="utf-8")
    assert "asset_url('print.js')" in card and "data-print" in card
    assert (TEMPLATES.parent / "static" / "print.js").is_file()
