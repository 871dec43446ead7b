"""A phone that revisits an unchanged learner page gets a 304 (one small round trip); anything
the page shows that changed gives the full page. Static files and the health check carry no
session cookie, and a signed-in page does not re-send the cookie when nothing changed."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import select

from lms.models import Assignment, Course, Task
from lms.services import placement
from lms.services.catalog import SyncReport, record_sync
from tests.helpers import form_post

PAGES = ["/learn/", "/learn/tracks/basic", "/learn/courses/demo", "/learn/lessons/demo-two"]


def revisit(client, url: str):
    first = client.get(url)
    assert first.status_code == 200, url
    return first, client.get(url, headers={"If-None-Match": first.headers["ETag"]})


def test_an_unchanged_page_is_a_304_with_no_body(client, synced, login_as):
    learner = login_as("learner")
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "basic")
    for url in PAGES:
        first, again = revisit(client, url)
        assert first.headers["ETag"].startswith('W/"'), url
        assert first.headers["Cache-Control"] == "private, no-cache", url
        assert again.status_code == 304 and again.get_data() == b"", url
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == "private, no-cache"


def test_what_the_learner_did_changes_the_page(client, db, synced, login_as):
    learner = login_as("learner")
    placement.do_choose_track(learner, {f"p{i}": "a" for i in range(1, 11)}, "basic")
    tags = {url: client.get(url).headers["ETag"] for url in PAGES}
    form_post(client, "/learn/lessons/demo-two/done", {}, "/learn/lessons/demo-two")
    client.get("/learn/lessons/demo-two")          # shows the "marked as done" message once
    for url in PAGES:
        response = client.get(url, headers={"If-None-Match": tags[url]})
        assert response.status_code == 200, url    # the old copy is out of date
        assert response.headers["ETag"] != tags[url], url


def test_a_new_assignment_a_sync_and_the_language_each_change_the_home(client, db, synced, login_as):
    learner = login_as("learner")
    tag = client.get("/learn/").headers["ETag"]
    copy = db.session.scalar(select(Task).where(Task.slug == "demo-copy"))
    db.session.add(Assignment(learner_id=learner.id, task_id=copy.id, due_on=date(2030, 1, 1), note="周五交"))
    db.session.commit()
    home = client.get("/learn/", headers={"If-None-Match": tag})
    assert home.status_code == 200 and "周五交" in home.get_data(as_text=True)
    tag = home.headers["ETag"]

    course = db.session.scalar(select(Course).where(Course.slug == "demo"))
    course.title_en = "Renamed course"
    record_sync(SyncReport(updated=["course demo"]))
    track = client.get("/learn/tracks/basic")
    assert "Renamed course" in track.get_data(as_text=True)
    assert client.get("/learn/", headers={"If-None-Match": tag}).status_code == 200
    tag = client.get("/learn/").headers["ETag"]

    chinese = client.get("/learn/", headers={"If-None-Match": tag, "Accept-Language": "zh-CN"})
    assert chinese.status_code == 200 and chinese.headers["ETag"] != tag
    assert "乡商学堂" in chinese.get_data(as_text=True)


def test_a_waiting_message_always_gets_the_full_page(client, synced, login_as):
    login_as("learner")
    tag = client.get("/learn/").headers["ETag"]
    response = form_post(client, "/learn/join", {"join_code": "NOSUCH"}, "/learn/")
    assert response.status_code == 303
    page = client.get("/learn/", headers={"If-None-Match": tag})
    assert page.status_code == 200 and "join code" in page.get_data(as_text=True).lower()


def test_another_learner_never_matches_the_first_ones_copy(client, app, synced, login_as):
    login_as("learner")
    tag = client.get("/learn/").headers["ETag"]
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    from tests.conftest import make_learner, sign_in
    sign_in(other, make_learner())
    assert other.get("/learn/", headers={"If-None-Match": tag}).status_code == 200


def test_signing_out_clears_the_phones_cache(client, synced, login_as):
    login_as("learner")
    response = form_post(client, "/auth/logout", {}, "/learn/")
    assert response.status_code == 303 and response.headers["Clear-Site-Data"] == '"cache"'
    assert client.get("/learn/").status_code == 302      # and the page is gone behind sign-in


def test_static_files_and_health_carry_no_session(client, synced, login_as):
    login_as("learner")
    home = client.get("/learn/").get_data(as_text=True)
    import re
    asset = re.search(r'href="(/a/[^"]+\.css)"', home).group(1)
    for url in (asset, "/healthz"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_the_session_cookie_is_sent_only_when_it_changes(client, synced, login_as, monkeypatch):
    login_as("learner")
    client.get("/learn/")
    assert "Set-Cookie" not in client.get("/learn/").headers      # nothing changed
    assert "Set-Cookie" not in client.get("/learn/courses/demo").headers
    later = time.time() + 2 * 3600                                 # past a tenth of 12 hours
    monkeypatch.setattr("lms.security.time.time", lambda: later)
    renewed = client.get("/learn/")
    assert "session=" in renewed.headers.get("Set-Cookie", "")     # re-issued: stays signed in
    assert "Set-Cookie" not in client.get("/learn/").headers


def test_a_made_up_or_huge_validator_gets_the_full_page(client, synced, login_as):
    login_as("learner")
    tag = client.get("/learn/").headers["ETag"]
    for sent in ('W/"0000"', '"' + "a" * 5000 + '"', "not a tag, <script>", tag.replace('W/"', '"x')):
        response = client.get("/learn/", headers={"If-None-Match": sent})
        assert response.status_code == 200 and b"<h1>" in response.get_data(), sent
