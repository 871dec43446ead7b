"""Mentors create accounts for villagers who cannot type well, with a printable card."""

import re

from sqlalchemy import func, select

from lms.models import Role, User
from tests.conftest import csrf_token, make_learner, make_user, post_form

OTP_RE = re.compile(r'<dd class="code big">(\d{8})</dd>')
USERNAME_RE = re.compile(r'<dt>用户名</dt><dd class="code big">([a-z0-9_]+)</dd>')


def mentor_with_cohort(client, login_as, db):
    mentor = login_as("mentor")
    cohort = mentor.memberships[0].cohort
    return mentor, cohort


def enrol(client, cohort, **fields):
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    form_id = re.search(r'name="form_id" type="hidden" value="([0-9a-f]+)"', page).group(1)
    data = {"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}"), "form_id": form_id,
            "display_name": "李大妈", "phone": "", "username": ""}
    data.update(fields)
    return client.post(f"/cohorts/{cohort.id}/learners", data=data, follow_redirects=True), data


def test_mentor_enrols_a_villager_who_then_signs_in_with_the_card(app, client, login_as, db):
    _, cohort = mentor_with_cohort(client, login_as, db)
    response, _ = enrol(client, cohort, display_name="李大妈")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "登录卡" in page
    otp = OTP_RE.search(page).group(1)
    username = USERNAME_RE.search(page).group(1)
    villager = app.test_client()
    signed = post_form(villager, "/auth/login", {"login": username, "password": otp})
    assert signed.status_code == 303
    forced = villager.get("/learn/")
    assert forced.status_code == 302 and forced.headers["Location"].endswith("/auth/password")
    changed = post_form(villager, "/auth/password", {"current": otp, "new": "my-own-pw"},
                        token_from="/auth/password")
    assert changed.status_code == 303
    assert villager.get("/learn/").status_code == 200
    assert "李大妈" in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)


def test_double_tap_on_enrol_creates_one_account(client, login_as, db):
    _, cohort = mentor_with_cohort(client, login_as, db)
    first, data = enrol(client, cohort)
    second = client.post(f"/cohorts/{cohort.id}/learners", data=data)
    assert first.status_code == 200
    assert second.status_code == 303
    assert db.session.scalar(select(func.count(User.id)).where(User.display_name == "李大妈")) == 1


def test_the_same_enrol_form_sent_twice_at_once_makes_one_account(app, client, login_as, db):
    """The guard is in the database, not the session: two requests racing with the same form
    (a double tap on a slow link) make one account and one card."""
    import threading

    _, cohort = mentor_with_cohort(client, login_as, db)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    form_id = re.search(r'name="form_id" type="hidden" value="([0-9a-f]+)"', page).group(1)
    data = {"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}"), "form_id": form_id,
            "display_name": "王二嫂", "phone": "", "username": ""}
    cookie = client.get_cookie("session").value
    statuses, barrier = [], threading.Barrier(4)

    def tap():
        other = app.test_client()
        other.set_cookie("session", cookie)
        barrier.wait()
        statuses.append(other.post(f"/cohorts/{cohort.id}/learners", data=data).status_code)

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [303] * 4
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id)).where(User.display_name == "王二嫂")) == 1
    # later, from a fresh session (another tab's cookie is gone): still the same account
    again = client.post(f"/cohorts/{cohort.id}/learners", data=data)
    assert again.status_code == 303
    assert db.session.scalar(select(func.count(User.id)).where(User.display_name == "王二嫂")) == 1


def test_bad_enrol_input_is_explained(client, login_as, db):
    _, cohort = mentor_with_cohort(client, login_as, db)
    empty, _ = enrol(client, cohort, display_name="")
    assert empty.status_code == 400 and "必填" in empty.get_data(as_text=True)
    phone, _ = enrol(client, cohort, phone="555")
    assert phone.status_code == 400 and "11 位手机号" in phone.get_data(as_text=True)
    make_user(Role.LEARNER, username="dup_name")
    dup, _ = enrol(client, cohort, username="dup_name")
    assert "这个用户名已被使用" in dup.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id)).where(User.display_name == "李大妈")) == 0


def test_new_card_replaces_the_old_password(app, client, login_as, db):
    _, cohort = mentor_with_cohort(client, login_as, db)
    first, _ = enrol(client, cohort)
    old_otp = OTP_RE.search(first.get_data(as_text=True)).group(1)
    learner = db.session.scalar(select(User).where(User.display_name == "李大妈"))
    card = client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/card",
                       data={"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}"), "confirm": "yes"},
                       follow_redirects=True)
    new_otp = OTP_RE.search(card.get_data(as_text=True)).group(1)
    assert post_form(app.test_client(), "/auth/login", {"login": learner.username, "password": old_otp}).status_code == 400
    assert post_form(app.test_client(), "/auth/login", {"login": learner.username, "password": new_otp}).status_code == 303


def test_mentor_creates_a_group_with_a_join_code_and_can_close_it(client, login_as, db):
    login_as("mentor")
    response = post_form(client, "/cohorts/new", {"name": "二组", "capacity": "30"}, token_from="/mentor/")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "二组" in page and "可加入" in page
    cohort_id = int(response.headers["Location"].rsplit("/", 1)[1])
    client.post(f"/cohorts/{cohort_id}/close", data={"csrf_token": csrf_token(client, "/mentor/"),
                                                      "confirm": "yes"})
    assert "已停止加入" in client.get(f"/cohorts/{cohort_id}").get_data(as_text=True)
    bad = post_form(client, "/cohorts/new", {"name": "", "capacity": "0"}, token_from="/mentor/",
                    follow_redirects=True)
    assert "请填写名称" in bad.get_data(as_text=True)


def test_enrol_form_redisplayed_with_an_error_keeps_the_whole_group_page(client, login_as, db):
    """Every error path of the enrol form shows the learners and assignments too."""
    _, cohort = mentor_with_cohort(client, login_as, db)
    learner = make_learner(cohort)
    make_user(Role.LEARNER, username="taken_name")
    for fields in ({"display_name": ""}, {"phone": "555"}, {"username": "taken_name"}):
        response, _ = enrol(client, cohort, **fields)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, fields
        assert f'href="/cohorts/{cohort.id}/learners/{learner.id}"' in page, fields   # who needs help
        assert 'id="assignments"' in page and "开账号并打印登录卡" in page, fields


def test_the_card_gives_a_username_from_the_name_and_a_qr_code_that_fills_it_in(app, client, login_as, db):
    """A villager types `wangxy`, not `xscun888_006`; the QR code opens sign-in with it filled in."""
    _, cohort = mentor_with_cohort(client, login_as, db)
    make_user(Role.LEARNER, username="wangxy")                  # the first choice is taken
    page = enrol(client, cohort, display_name="王秀英")[0].get_data(as_text=True)
    assert USERNAME_RE.search(page).group(1) == "wangxy2"
    assert '<svg viewBox="' in page and 'class="qr"' in page and "<script" not in page.split("<main>")[1].split("</main>")[0]
    assert "用手机相机扫一扫" in page
    page = enrol(client, cohort, display_name="欧阳娜娜")[0].get_data(as_text=True)
    assert USERNAME_RE.search(page).group(1) == "ouynn"
    page = enrol(client, cohort, display_name="<img src=x onerror=alert(1)>")[0].get_data(as_text=True)
    username = USERNAME_RE.search(page).group(1)
    assert re.fullmatch(r"[a-z][a-z0-9]{2,}", username) and "<img src=x" not in page
    villager = app.test_client()
    login_page = villager.get(f"/auth/login?u={username}").get_data(as_text=True)
    assert re.search(rf'<input[^>]*name="login"[^>]*value="{username}"', login_page)


def test_the_sign_in_page_escapes_and_bounds_a_prefilled_name(client):
    page = client.get('/auth/login?u="><script>alert(1)</script>' + "a" * 500).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    value = re.search(r'<input[^>]*name="login"[^>]*value="([^"]*)"', page).group(1)
    assert value == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" + "a" * 33   # 60 characters, escaped


def test_an_open_group_shows_its_join_code_as_a_qr_code_that_fills_in_sign_up(client, login_as, db):
    _, cohort = mentor_with_cohort(client, login_as, db)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert cohort.join_code in page and 'class="qr"' in page and "加入码已经填好" in page
    sign_up = client.application.test_client().get(f"/auth/register?code={cohort.join_code}").get_data(as_text=True)
    assert re.search(rf'<input[^>]*name="join_code"[^>]*value="{cohort.join_code}"', sign_up)
    cohort.is_open = False
    db.session.commit()
    assert 'class="qr"' not in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
