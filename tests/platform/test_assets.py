"""Hashed static files reach a phone compressed (gzip over plain HTTP, brotli where the browser
offers it), byte-identical once decoded, cached for a year, and never carry a cookie."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli

STATIC = Path(__file__).resolve().parents[2] / "lms" / "static"


def assets(client) -> list[str]:
    html = client.get("/auth/login").get_data(as_text=True)
    found = re.findall(r'(?:href|src)="(/a/[0-9a-f]+/[^"]+)"', html)
    assert any(a.endswith(".css") for a in found) and any(a.endswith(".js") for a in found)
    return found


def test_assets_are_compressed_for_what_the_browser_accepts(client):
    for url in assets(client):
        original = (STATIC / url.split("/", 3)[3]).read_bytes()
        plain_http = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
        assert plain_http.headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(plain_http.get_data()) == original
        assert int(plain_http.headers["Content-Length"]) < len(original)
        https = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert https.headers["Content-Encoding"] == "br"
        assert brotli.decompress(https.get_data()) == original
        bare = client.get(url, headers={"Accept-Encoding": ""})
        assert "Content-Encoding" not in bare.headers and bare.get_data() == original
        for response in (plain_http, https, bare):
            assert response.headers["Vary"] == "Accept-Encoding"
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert "Set-Cookie" not in response.headers


def test_an_old_or_made_up_digest_is_a_404(client):
    url = assets(client)[0]
    digest = url.split("/")[2]
    assert client.get(url.replace(digest, "0" * len(digest))).status_code == 404
    assert client.get("/a/0123456789ab/nothing.css").status_code == 404
    assert client.get("/a/0123456789ab/../config.py").status_code == 404
