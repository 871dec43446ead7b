"""Join codes cannot be guessed quickly, and every unusable code reads the same (issue 9 item 7)."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.models import Membership
from tests.conftest import csrf_token, make_cohort, make_learner, sign_in


def _join(client, code: str, token: str, address: str = "10.9.0.1"):
    return client.post("/learn/join", data={"csrf_token": token, "join_code": code},
                       environ_base={"REMOTE_ADDR": address})


def _flash(client) -> str:
    return client.get("/learn/").get_data(as_text=True)


def test_a_learner_guessing_join_codes_is_slowed_from_any_address(client):
    learner = make_learner()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, learner).status_code == 303
    token = csrf_token(client, "/learn/")
    codes = [_join(client, f"ZZZ{i:03d}", token, f"10.9.0.{i}").status_code for i in range(12)]
    assert codes[:10] == [303] * 10
    assert codes[10:] == [429, 429]
    real = make_cohort()
    refused = _join(client, real.join_code, token, "10.9.1.1")
    assert refused.status_code == 429
    assert "请稍等" in refused.get_data(as_text=True) or "太多" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Membership.id).where(Membership.cohort_id == real.id)) is None


def test_unknown_closed_and_full_codes_get_one_message_when_joining(client):
    learner = make_learner()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, learner).status_code == 303
    token = csrf_token(client, "/learn/")
    full = make_cohort(capacity=1)
    make_learner(full)
    messages = set()
    for code in ("QQQ999", make_cohort(is_open=False).join_code, full.join_code):
        assert _join(client, code, token).status_code == 303
        page = _flash(client)
        assert "这个加入码用不了" in page
        messages.add(page.count("这个加入码用不了"))
    assert messages == {1}
    good = make_cohort()
    assert _join(client, good.join_code, token).status_code == 303
    assert good.name in _flash(client)


def test_registration_with_join_codes_is_throttled_per_address(client):
    codes = []
    for i in range(22):
        response = client.post("/auth/register", data={
            "csrf_token": csrf_token(client, "/auth/register"), "join_code": f"ZZ{i:04d}",
            "display_name": "猜码的人", "username": f"guess_{i}", "password": "secret-99"},
            environ_base={"REMOTE_ADDR": "10.9.2.1"})
        codes.append(response.status_code)
    assert codes[:20] == [400] * 20 and codes[-1] == 429
