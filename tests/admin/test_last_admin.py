"""An active admin always remains: nobody deactivates themselves, and two admins deactivating
each other (one after the other, or at the same moment) leave one of them active."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Role, User
from lms.services import users
from tests.conftest import csrf_token, make_user, sign_in


def active_admins() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN.value,
                                                               User.is_active_account.is_(True)))


@pytest.fixture
def two_admins(app):
    return (make_user(Role.ADMIN, display_name="甲管理员", username="admin_a"),
            make_user(Role.ADMIN, display_name="乙管理员", username="admin_b"))


def signed_in_client(app, user):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    assert sign_in(client, user).status_code == 303
    return client, csrf_token(client, "/admin/users")


def test_one_admin_may_deactivate_another_but_the_other_cannot_answer_back(app, two_admins):
    a, b = two_admins
    client_b, token_b = signed_in_client(app, b)        # b's page is open, b is about to tap
    client_a, token_a = signed_in_client(app, a)
    r = client_a.post(f"/admin/users/{b.id}/deactivate", data={"csrf_token": token_a, "confirm": "yes"})
    assert r.status_code == 303 and active_admins() == 1
    late = client_b.post(f"/admin/users/{a.id}/deactivate", data={"csrf_token": token_b, "confirm": "yes"})
    assert late.status_code in (302, 303) and "/auth/login" in late.headers["Location"]   # b is signed out
    assert active_admins() == 1


def test_the_refusal_is_a_clear_message_on_the_page(app, two_admins, monkeypatch):
    a, b = two_admins
    client_b, token_b = signed_in_client(app, b)
    real_refresh = db.session.refresh

    def deactivated_meanwhile(obj, *args, **kwargs):   # a's deactivation of b lands first
        real_refresh(obj, *args, **kwargs)
        if isinstance(obj, User) and obj.id == b.id:
            obj.is_active_account = False

    monkeypatch.setattr(db.session, "refresh", deactivated_meanwhile)
    r = client_b.post(f"/admin/users/{a.id}/deactivate", data={"csrf_token": token_b, "confirm": "yes"})
    monkeypatch.undo()
    assert r.status_code == 303
    assert active_admins() == 2                                   # nothing was changed
    assert "你的账号刚刚被另一位管理员停用了" in client_b.get(r.headers["Location"]).get_data(as_text=True)


def test_two_admins_deactivating_each_other_at_once_leave_one_active(app, two_admins):
    a, b = two_admins
    (client_a, token_a), (client_b, token_b) = signed_in_client(app, a), signed_in_client(app, b)
    start, codes = threading.Barrier(2), []

    def send(client, token, target):
        start.wait()
        codes.append(client.post(f"/admin/users/{target.id}/deactivate",
                                 data={"csrf_token": token, "confirm": "yes"}).status_code)

    threads = [threading.Thread(target=send, args=(client_a, token_a, b)),
               threading.Thread(target=send, args=(client_b, token_b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 500 not in codes and len(codes) == 2
    assert active_admins() == 1


def test_nobody_deactivates_themselves_even_through_the_service(app, two_admins):
    a, _b = two_admins
    with app.test_request_context(), pytest.raises(users.Invalid):
        users.do_deactivate(a, a)
    assert active_admins() == 2
