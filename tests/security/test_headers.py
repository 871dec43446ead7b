"""Every response carries the security headers; signed-in pages and the API are never cached
(issue 9 item 10, SPEC §5)."""

from __future__ import annotations

import re

from courses.loader import load_catalog
from lms.models import Role
from lms.services.catalog import sync_catalog
from tests.conftest import api_headers, make_learner, make_org, make_user, sign_in

FOUR = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def _assert_secure(response, what: str) -> None:
    for name in FOUR:
        assert response.headers.get(name), f"{what}: no {name}"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, what
    assert "frame-ancestors 'none'" in csp, what
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_signed_out_pages_errors_redirects_and_assets_carry_the_headers(client):
    login = client.get("/auth/login")
    asset = re.search(r'href="(/a/[^"]+\.css)"', login.get_data(as_text=True)).group(1)
    for url, status in (("/auth/login", 200), ("/learn/", 302), ("/no/such/page", 404),
                        ("/api/v1/me", 401), ("/api/v1/nothing", 404), (asset, 200), ("/healthz", None)):
        response = client.get(url)
        if status is not None:
            assert response.status_code == status, url
        _assert_secure(response, url)
    assert client.get(asset).headers["Cache-Control"].startswith("public")   # hashed assets stay cached


def test_signed_in_pages_and_the_api_are_private_and_not_stored(client):
    learner = make_learner()
    headers = api_headers(client, learner)
    me = client.get("/api/v1/me", headers=headers)
    _assert_secure(me, "/api/v1/me")
    assert me.headers["Cache-Control"] == "private, no-store"
    token = client.post("/api/v1/tokens", json={"username": "nobody", "password": "x" * 10})
    assert token.headers["Cache-Control"] == "private, no-store"
    assert sign_in(client, learner).status_code == 303
    for url in ("/auth/password", "/learn/nothing-here"):
        response = client.get(url)
        _assert_secure(response, url)
        assert response.headers["Cache-Control"] == "private, no-store", url
    # the learner home may stay on the learner's phone, shown again only after asking (304);
    # sign-out clears it (tests/learn/test_conditional_pages.py)
    home = client.get("/learn/")
    _assert_secure(home, "/learn/")
    assert home.headers["Cache-Control"] == "private, no-cache" and home.headers["ETag"]


def test_staff_pages_with_one_tap_actions_cannot_be_framed(client):
    org = make_org()
    mentor = make_user(Role.MENTOR, org=org)
    assert sign_in(client, mentor).status_code == 303
    response = client.get("/", follow_redirects=True)
    assert response.status_code == 200
    _assert_secure(response, "staff home")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_progress_bars_need_no_inline_style(client, login_as):
    """style-src 'self' blocks style attributes, so bars carry their width as an SVG attribute."""
    catalog = load_catalog()
    sync_catalog(catalog)
    login_as("learner")
    for slug in [t.slug for t in catalog.tracks] + [catalog.tracks[0].courses[0].slug]:
        kind = "tracks" if slug in {t.slug for t in catalog.tracks} else "courses"
        html = client.get(f"/learn/{kind}/{slug}").get_data(as_text=True)
        assert '<svg class="bar"' in html, slug
        assert "style=" not in html, slug
