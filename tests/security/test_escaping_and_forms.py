"""Hostile names are escaped in flash messages; form fields never render `None` attributes."""

from tests.conftest import make_cohort, make_user, post_form

HOSTILE = "<img src=x onerror=alert(1)>"


def test_a_hostile_cohort_name_is_escaped_in_the_join_flash(client, db):
    cohort = make_cohort()
    cohort.name = HOSTILE
    db.session.commit()
    learner = make_user()
    post_form(client, "/auth/login", {"login": learner.username, "password": "test-pass-123"})
    page = post_form(client, "/learn/join", {"join_code": cohort.join_code}, token_from="/learn/",
                     follow_redirects=True).get_data(as_text=True)
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_no_form_field_renders_none_attributes(client):
    for url in ("/auth/login", "/auth/register"):
        page = client.get(url).get_data(as_text=True)
        assert '="None"' not in page
        assert 'type="password"' in page
    assert 'inputmode="tel"' in client.get("/auth/register").get_data(as_text=True)
