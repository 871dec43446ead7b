"""Every UI string has a Chinese translation; the language switch works and sticks."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import csrf_token, make_learner, sign_in

ROOT = Path(__file__).resolve().parents[2]
ZH_PO = ROOT / "lms/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_every_ui_string_is_translated_to_chinese(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
                    "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with ZH_PO.open("rb") as fh:
        catalog = read_po(fh)
    missing = sorted(str(i) for i in wanted if not (catalog.get(i) and catalog.get(i).string))
    assert not missing, f"untranslated: {missing[:20]}"


def test_chinese_is_the_default_and_english_is_a_switch_away(client):
    assert "登录" in client.get("/auth/login").get_data(as_text=True)
    token = csrf_token(client)
    response = client.post("/lang", data={"csrf_token": token, "lang": "en", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login").get_data(as_text=True)
    assert "Sign in" in page and '<html lang="en">' in page


def test_language_choice_is_kept_on_the_account(app, client):
    learner = make_learner()
    sign_in(client, learner)
    client.post("/lang", data={"csrf_token": csrf_token(client, "/learn/"), "lang": "en"})
    other_phone = app.test_client()
    sign_in(other_phone, learner)
    assert "Hello," in other_phone.get("/learn/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/lang", data={"csrf_token": csrf_token(client), "lang": "xx",
                                          "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_shipped_compiled_catalogs_match_their_sources():
    """The app reads the committed .mo files (nothing is compiled at start): they must be fresh.
    Run `lms i18n compile` after editing a .po file."""
    from lms.i18n import TRANSLATIONS
    from lms.i18n_catalog import compiled_bytes

    pos = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))
    assert pos
    for po in pos:
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.read_bytes() == compiled_bytes(po), f"stale {mo}: run lms i18n compile"


def test_creating_an_app_writes_nothing(tmp_path, monkeypatch):
    """Creating an app (twice) on a read-only instance path neither makes a key nor a folder."""
    from lms import create_app
    from lms.config import Config

    monkeypatch.setenv("LMS_INSTANCE", str(tmp_path / "ro"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = create_app(Config()), create_app(Config())
    assert first is not second
    assert not (tmp_path / "ro").exists()
