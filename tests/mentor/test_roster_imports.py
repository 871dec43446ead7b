"""A class list confirmed on the web is imported by the worker: the confirm answers at once with
a status page that refreshes itself, the worker creates everyone or nobody, and the sheet of
cards shows passwords derived from a key only the confirming browser holds — never stored."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select, text, update
from werkzeug.security import check_password_hash

from lms.models import ImportStatus, Membership, OrgKind, Role, RosterImport, User
from lms.sealing import unseal
from lms.services import accounts, roster_imports
from lms.staff import cards as cards_module
from tests.conftest import make_cohort, make_learner, make_org, make_user, post_form, sign_in
from tests.mentor.test_roster import CARD_RE, confirm, confirm_data, finished, imported, upload

OTP_RE = re.compile(r'一次性密码</dt><dd class="code big">(\d{8})</dd>')


@pytest.fixture
def village(app, client, db):
    org = make_org(OrgKind.VILLAGE)
    mentor = make_user(Role.MENTOR, org=org, username="import_mentor")
    cohort = make_cohort(org, capacity=600, staff=mentor)
    assert sign_in(client, mentor).status_code == 303
    return mentor, cohort


def members(db, cohort) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id))


def the_import(db) -> RosterImport:
    db.session.expire_all()
    return db.session.scalars(select(RosterImport)).one()


def signs_in(app, login: str, password: str) -> bool:
    return post_form(app.test_client(), "/auth/login", {"login": login, "password": password}).status_code == 303


def session_key(client, found: RosterImport) -> bytes:
    """The import's key as the staff member's session holds it (sealed in the cookie)."""
    with client.session_transaction() as sess:
        token = sess["roster_keys"][str(found.id)]
    payload = json.loads(unseal(token, b"lms sign-in card", 3600))
    return base64.b64decode(payload["k"])


@pytest.fixture
def sent(app, monkeypatch):
    """Every job the web sends to the broker, as (name, args); still really sent."""
    celery = app.extensions["celery"]
    original, seen = celery.send_task, []

    def record(name, args=None, **kw):
        seen.append((name, args))
        return original(name, args=args, **kw)

    monkeypatch.setattr(celery, "send_task", record)
    return seen


# ---- the whole path on a real worker ------------------------------------------------------------

def test_five_hundred_people_imported_on_the_worker_and_every_card_signs_in(app, client, village, db,
                                                                             start_worker):
    _, cohort = village
    start_worker()
    rows = "".join(f"村民{i},139{i:08d}\n" if i % 2 else f"村民{i},\n" for i in range(500))
    page = upload(client, cohort, ("姓名,手机号\n" + rows).encode()).get_data(as_text=True)
    started = time.perf_counter()
    response = confirm(client, cohort, page)
    answered = time.perf_counter() - started
    assert response.status_code == 303 and members(db, cohort) == 1      # nobody yet: the worker makes them
    waiting = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "500 个账号" in waiting
    html = finished(client, response.headers["Location"]).get_data(as_text=True)
    assert "已创建的账号：500 个" in html and html.count('class="card signin-card"') == 500
    found = {name: (login, otp) for name, login, otp in CARD_RE.findall(html)}
    assert len(found) == 500 and members(db, cohort) == 501
    users = {u.login_name: u for u in db.session.scalars(select(User).where(User.created_by_id.is_not(None)))}
    for login, otp in found.values():                                     # every card's password is right
        assert check_password_hash(users[login].password_hash, otp), login
    for name in ("村民0", "村民1", "村民250", "村民499"):                  # and a few through the login form
        assert signs_in(app, *found[name]), name
    assert answered < 10   # a sanity bound only; bench/bench_roster.py measures


def test_a_username_taken_between_confirm_and_job_fails_the_whole_import(app, client, village, db, start_worker):
    _, cohort = village
    hostile = '<script>alert("x")</script>'
    data = f'姓名,用户名\n甲,jia_one\n"{hostile.replace(chr(34), chr(34) * 2)}",\n乙,yi_two\n'.encode()
    page = upload(client, cohort, data).get_data(as_text=True)
    response = confirm(client, cohort, page)                              # no worker yet: it waits
    status = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "后台任务程序没有运行" in status and 'http-equiv="refresh"' in status
    make_user(Role.LEARNER, username="yi_two")                           # someone takes line 4's name
    make_learner(cohort, display_name=hostile)                            # and line 3's person joins
    start_worker()
    html = finished(client, response.headers["Location"]).get_data(as_text=True)
    assert "导入失败，没有创建任何账号" in html
    assert re.search(r"第 4 行</b>[^<]*yi_two", html) and "第 3 行" in html
    assert "<script>alert" not in html and str(escape(hostile)) in html
    assert members(db, cohort) == 2 and db.session.scalar(select(User.id).where(User.username == "jia_one")) is None
    assert the_import(db).status == ImportStatus.FAILED
    # fixed: the same file may be confirmed again, and goes through
    db.session.execute(text("DELETE FROM users WHERE username = 'yi_two'"))
    db.session.execute(text("DELETE FROM memberships WHERE cohort_id = :c AND user_id IN "
                            "(SELECT id FROM users WHERE display_name = :n)"), {"c": cohort.id, "n": hostile})
    db.session.commit()
    cards = imported(client, cohort, page).get_data(as_text=True)
    assert len(CARD_RE.findall(cards)) == 3 and "<script>alert" not in cards and str(escape(hostile)) in cards


def test_two_confirms_at_once_make_one_import(app, client, village, db, start_worker):
    mentor, cohort = village
    page = upload(client, cohort, "姓名\n甲\n乙\n丙\n".encode()).get_data(as_text=True)
    browsers = []
    for _ in range(3):
        other = app.test_client()
        sign_in(other, mentor)
        browsers.append((other, confirm_data(other, cohort, page)))
    answers = []
    barrier = threading.Barrier(len(browsers))

    def send(other, data):
        with app.app_context():
            barrier.wait()
            answers.append(other.post(f"/cohorts/{cohort.id}/roster/import", data=data))

    threads = [threading.Thread(target=send, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(r.status_code for r in answers) == [303, 303, 303]
    assert len({r.headers["Location"] for r in answers}) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count(RosterImport.id))) == 1
    start_worker()
    finished(browsers[0][0], answers[0].headers["Location"])
    assert members(db, cohort) == 4


# ---- who may see what ---------------------------------------------------------------------------

def test_other_staff_and_guessed_ids_get_404(app, client, village, db, sent):
    mentor, cohort = village
    page = upload(client, cohort, "姓名\n甲\n".encode()).get_data(as_text=True)
    url = confirm(client, cohort, page).headers["Location"]
    found = the_import(db)
    assert client.get(url).status_code == 200
    co_mentor = make_user(Role.MENTOR, org=cohort.org)                   # staff of the same group
    db.session.add(Membership(cohort_id=cohort.id, user_id=co_mentor.id, role="mentor"))
    admin = make_user(Role.ADMIN)
    mine_elsewhere = make_cohort(cohort.org, staff=mentor)
    for user in (co_mentor, admin):
        other = app.test_client()
        sign_in(other, user)
        assert other.get(url).status_code == 404, user.role
    for guess in (f"/cohorts/{mine_elsewhere.id}/roster/imports/{found.id}",      # right id, wrong group
                  f"/cohorts/{cohort.id}/roster/imports/{found.id + 1}",
                  f"/cohorts/{cohort.id}/roster/imports/0",
                  f"/cohorts/{cohort.id}/roster/imports/2147483648",
                  f"/cohorts/{cohort.id}/roster/imports/99999999999999999999",
                  f"/cohorts/{cohort.id}/roster/imports/-1"):
        assert client.get(guess).status_code == 404, guess
    assert app.test_client().get(url).status_code == 302                  # signed out: to sign-in


def test_the_cards_show_no_password_after_the_window_or_once_used(app, client, village, db, start_worker,
                                                                  monkeypatch):
    _, cohort = village
    start_worker()
    page = upload(client, cohort, "姓名,用户名\n甲,jia_a\n乙,yi_b\n丙,bing_c\n".encode()).get_data(as_text=True)
    response = confirm(client, cohort, page)
    url = response.headers["Location"]
    sheet = finished(client, url)
    assert "no-store" in sheet.headers["Cache-Control"]                    # no copy kept by the browser
    cards = {login: otp for _name, login, otp in CARD_RE.findall(sheet.get_data(as_text=True))}
    assert set(cards) == {"jia_a", "yi_b", "bing_c"}
    assert signs_in(app, "jia_a", cards["jia_a"])                         # 甲 used theirs
    villager = app.test_client()                                          # 乙 signs in and changes it
    post_form(villager, "/auth/login", {"login": "yi_b", "password": cards["yi_b"]})
    post_form(villager, "/auth/password", {"current": cards["yi_b"], "new": "my-own-pass-1",
                                           "confirm": "my-own-pass-1"}, token_from="/auth/password")
    html = client.get(url).get_data(as_text=True)
    assert OTP_RE.findall(html) == [cards["bing_c"]]                       # only 丙's card is left
    assert "已经用过或换过了" in html and "jia_a" in html and "yi_b" in html
    later = cards_module._now() + cards_module.IMPORT_CARD_MINUTES * 60 + 1
    monkeypatch.setattr(cards_module, "_now", lambda: later)
    after = client.get(url).get_data(as_text=True)
    assert OTP_RE.findall(after) == [] and cards["bing_c"] not in after
    assert "bing_c" in after and "只在导入名单的那个浏览器里显示 30 分钟" in after


def test_no_password_shown_is_stored_and_the_broker_never_sees_the_key(app, client, village, db, sent,
                                                                        start_worker):
    _, cohort = village
    page = upload(client, cohort, "姓名,手机号\n甲,13800138001\n乙,\n丙,\n".encode()).get_data(as_text=True)
    url = confirm(client, cohort, page).headers["Location"]
    found = the_import(db)
    key = session_key(client, found)
    [(name, args)] = sent
    assert name == "lms.import_roster" and args[0] == found.id
    message = json.dumps(args)
    for form in (key, key.hex().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)):
        assert form.decode("latin-1") not in message                     # sealed, not in clear
    start_worker()
    html = finished(client, url).get_data(as_text=True)
    otps = OTP_RE.findall(html)
    assert len(otps) == 3 and otps == [roster_imports.one_time_password(key, found.id, n) for n in (2, 3, 4)]
    db.session.expire_all()
    stored = []
    for table in ("roster_imports", "users", "memberships"):
        for row in db.session.execute(text(f"SELECT * FROM {table}")):   # every column of every row
            stored.append(" ".join(str(v) for v in row))
    dump = "\n".join(stored)
    for otp in otps:
        assert otp not in dump and otp not in message
    assert key.hex() not in dump and base64.b64encode(key).decode() not in dump


# ---- the job itself ---------------------------------------------------------------------------

def test_the_job_is_idempotent_and_its_last_try_records_the_failure(app, client, village, db, sent, monkeypatch):
    _, cohort = village
    page = upload(client, cohort, "姓名\n甲\n乙\n".encode()).get_data(as_text=True)
    url = confirm(client, cohort, page).headers["Location"]
    [(_, (import_id, sealed, locale))] = sent
    rows = the_import(db).rows
    assert [r["display_name"] for r in rows] == ["甲", "乙"]
    assert roster_imports.run(import_id, "not a sealed key", locale) == ImportStatus.QUEUED   # a forged job
    other_import = roster_imports.seal(json.dumps({"i": import_id, "c": "1:2026-01-01T00:00:00",
                                                   "k": base64.b64encode(bytes(32)).decode()}).encode(),
                                       b"lms roster import job")
    assert roster_imports.run(import_id, other_import, locale) == ImportStatus.QUEUED   # a replaced one's
    assert members(db, cohort) == 1

    def broken(_passwords):
        raise OSError("disk full")

    monkeypatch.setattr(accounts, "hash_passwords", broken)
    with pytest.raises(OSError):
        roster_imports.run(import_id, sealed, locale)                    # Celery retries this one
    assert the_import(db).status == ImportStatus.RUNNING and members(db, cohort) == 1
    assert roster_imports.run(import_id, sealed, locale, last_try=True) == ImportStatus.FAILED
    assert "服务器没能创建这些账号" in client.get(url).get_data(as_text=True)
    assert the_import(db).rows == []            # names and phones are not kept once it has ended
    monkeypatch.undo()
    db.session.execute(update(RosterImport).values(status=ImportStatus.QUEUED, errors=None, finished_at=None,
                                                   rows=rows))
    db.session.commit()
    assert roster_imports.run(import_id, sealed, locale) == ImportStatus.DONE
    assert roster_imports.run(import_id, sealed, locale) == ImportStatus.DONE   # redelivered: nothing new
    assert the_import(db).rows == [] and len(the_import(db).result) == 2
    assert members(db, cohort) == 3 and the_import(db).tries == 3      # the redelivery did not even start


def test_a_lost_message_is_sent_again_from_the_page_and_an_expired_one_fails(app, client, village, db, sent,
                                                                              start_worker, monkeypatch):
    mentor, cohort = village
    page = upload(client, cohort, "姓名\n甲\n".encode()).get_data(as_text=True)
    url = confirm(client, cohort, page).headers["Location"]
    app.extensions["celery"].control.purge()                              # the broker lost the message
    start_worker()
    deadline = time.monotonic() + 30
    while "后台任务程序没有运行" in client.get(url).get_data(as_text=True):   # until the worker's heartbeat
        assert time.monotonic() < deadline
        time.sleep(0.3)
    assert the_import(db).status == ImportStatus.QUEUED and len(sent) == 1
    waiting = the_import(db)
    waiting.updated_at -= timedelta(minutes=1)
    db.session.commit()
    finished(client, url)                                                 # the page sent it again
    assert len(sent) == 2 and members(db, cohort) == 2
    # a list nobody started within the window fails with a reason, even seen from another browser
    page = upload(client, cohort, "姓名\n乙\n".encode()).get_data(as_text=True)

    def broker_down(*_args, **_kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(app.extensions["celery"], "send_task", broker_down)
    other = app.test_client()
    sign_in(other, mentor)
    url = confirm(other, cohort, page).headers["Location"]
    db.session.expire_all()
    waiting = db.session.scalars(select(RosterImport).where(RosterImport.status == ImportStatus.QUEUED)).one()
    waiting.created_at -= timedelta(minutes=31)
    db.session.commit()
    html = finished(client, url).get_data(as_text=True)   # not the confirming browser: no key
    assert "等服务器处理的时间太长" in html and "重新上传名单" in html and members(db, cohort) == 2


def test_the_derived_passwords_look_like_the_others_and_are_unbiased():
    key = bytes(range(32))
    otps = [roster_imports.one_time_password(key, 7, line) for line in range(2, 4002)]
    assert all(re.fullmatch(r"[2-9]{8}", otp) for otp in otps)
    assert roster_imports.one_time_password(key, 7, 2) == otps[0]                  # deterministic
    assert roster_imports.one_time_password(key, 8, 2) != otps[0]                  # another import
    assert roster_imports.one_time_password(bytes(32), 7, 2) != otps[0]            # another key
    assert len(set(otps)) > 3990
    counts = Counter("".join(otps))                                                # 32,000 digits
    expected = 32000 / 8
    chi2 = sum((counts[d] - expected) ** 2 / expected for d in "23456789")
    assert chi2 < 24.3                                                             # p > 0.001, 7 dof


def test_english_status_page(app, client, village, db, sent):
    _, cohort = village
    post_form(client, "/lang", {"lang": "en"}, token_from=f"/cohorts/{cohort.id}/roster")
    page = upload(client, cohort, "姓名\n甲\n乙\n".encode()).get_data(as_text=True)
    html = client.get(confirm(client, cohort, page).headers["Location"]).get_data(as_text=True)
    assert "Importing the class list" in html and "Waiting to create 2 accounts" in html
    assert "The background worker is not running." in html
