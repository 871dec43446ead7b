"""Every redirect taken from the request stays on this site (issue 9 item 3)."""

from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD, csrf_token, make_learner

HOSTILE_TARGETS = [
    "/%09/evil.com",        # the tab is dropped by browsers: //evil.com
    "/\t/evil.com",
    "//evil.com",
    "/\\evil.com",          # browsers read a backslash as a slash
    "https:evil.com",       # becomes https:///evil.com
    "https://evil.com/",
    "javascript:alert(1)",
    "/learn/\r\nSet-Cookie: x=1",
    "/" + "a" * 60_000,     # a 60 KB value copied into the header
]


def _location(response) -> str:
    assert response.status_code in (302, 303), response.status_code
    return response.headers["Location"]


def _assert_on_site(location: str) -> None:
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "\t" not in location and "\r" not in location, location
    assert len(location) < 2100 and "evil" not in location


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_in_never_redirects_off_site(client, target):
    learner = make_learner()
    url = "/auth/login?next=" + (target if target == "/%09/evil.com" else quote(target, safe="/:"))
    response = client.post(url, data={"csrf_token": csrf_token(client), "login": learner.username,
                                      "password": PASSWORD})
    _assert_on_site(_location(response))


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/lang", data={"csrf_token": csrf_token(client), "lang": "en", "next": target})
    location = _location(response)
    _assert_on_site(location)
    assert location == "/"


def test_a_hostile_referrer_is_not_followed(client):
    response = client.post("/lang", data={"csrf_token": csrf_token(client), "lang": "en"},
                           headers={"Referer": "https://evil.com/learn/"})
    assert _location(response) == "/"


def test_same_site_targets_are_kept(client):
    learner = make_learner()
    response = client.post("/auth/login?next=/learn/tracks/basic%3Fx%3D1",
                           data={"csrf_token": csrf_token(client), "login": learner.username,
                                 "password": PASSWORD})
    assert _location(response) == "/learn/tracks/basic?x=1"
    response = client.post("/lang", data={"csrf_token": csrf_token(client, "/learn/"), "lang": "zh_CN"},
                           headers={"Referer": "http://localhost/learn/?a=1"})
    assert _location(response) == "/learn/?a=1"


def test_an_expired_form_goes_back_only_to_a_page_of_this_site(client):
    response = client.post("/lang", data={"csrf_token": "stale", "lang": "en"},
                           headers={"Referer": "https://evil.com/"})
    location = _location(response)
    _assert_on_site(location)
