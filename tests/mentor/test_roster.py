"""Staff import a class list (CSV): every encoding and separator Excel and WPS write, every bad
file refused with a clear message, row errors with their line numbers, and all or nothing. The
confirmed import runs on a real worker (see test_roster_imports.py for the job itself)."""

from __future__ import annotations

import io
import re
import time

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from lms.models import Membership, OrgKind, Role, User
from lms.services import roster
from lms.services.errors import Invalid
from tests.conftest import (
    csrf_token,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    post_form,
    sign_in,
)

GOOD = "姓名,手机号,用户名\n王秀英,13800138000,\n李建国,,lijianguo\n张伟,,\n"


def learners_named(db, *names) -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.display_name.in_(names)))


# ---- reading the file ------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    GOOD.encode(),
    b"\xef\xbb\xbf" + GOOD.encode(),                                   # UTF-8 with a BOM (Excel)
    GOOD.encode("gbk"),                                                 # old Excel on Windows
    GOOD.replace(",", ";").encode("gbk"),                               # Excel where , is the decimal mark
    GOOD.replace(",", "\t").encode("utf-16"),                           # Excel's "Unicode text"
    GOOD.replace("\n", "\r\n").encode(),
    "display_name,phone,username\n王秀英,13800138000,\n李建国,,lijianguo\n张伟,,\n".encode(),
    " Username ;DISPLAY_NAME; Phone \n;王秀英;138-0013-8000\nlijianguo;李建国;\n;张伟;\n".encode(),
    "手机号,姓名\n13800138000,王秀英\n,李建国\n,张伟\n".encode("gbk"),      # no username column
], ids=["utf8", "utf8-bom", "gbk", "gbk-semicolons", "utf16-tabs", "crlf", "english-header",
        "other-order", "two-columns"])
def test_good_files_in_every_encoding_and_order(app, data):
    plan = roster.parse_roster(data)
    assert plan.errors == []
    assert [(r.line, r.display_name) for r in plan.rows] == [(2, "王秀英"), (3, "李建国"), (4, "张伟")]
    assert plan.rows[0].phone == "13800138000"
    assert plan.rows[1].username in ("lijianguo", None)


def test_blank_lines_and_quoted_line_breaks_keep_the_line_numbers(app):
    data = '姓名,手机号\n王秀英,13800138000\n\n,,\n"李\n建国",555\n张伟,\n'.encode()
    plan = roster.parse_roster(data)
    assert [(e.line, str(e.message)) for e in plan.errors] == [(5, "手机号 555 不是 11 位手机号（例如 13800138000）。")]
    assert [r.line for r in plan.rows] == [2, 7]


def test_other_columns_are_named_as_ignored(app):
    plan = roster.parse_roster("序号,姓名,性别\n1,王秀英,女\n".encode("gbk"))
    assert plan.ignored_columns == ["序号", "性别"] and plan.rows[0].display_name == "王秀英"


@pytest.mark.parametrize("data, code, words", [
    (b"", "empty", "文件是空的"),
    (b"\xef\xbb\xbf\r\n \r\n", "empty", "文件是空的"),
    (b",,\n,,\n", "empty", "文件是空的"),
    ("姓名,手机号,用户名\n".encode(), "empty", "只有第一行"),
    ("姓名,手机号\n,\n".encode(), "empty", "只有第一行"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not_csv", "不是 CSV"),
    (bytes(range(256)) * 4, "not_csv", "不是 CSV"),
    (b"PK\x03\x04\x14\x00\x06\x00", "not_csv", "Excel"),
    ("名称,电话\n王秀英,13800138000\n".encode(), "bad_header", "名称、电话"),
    ("王秀英,13800138000\n李建国,13900139000\n".encode(), "bad_header", "第 1 行"),
    ("姓名,姓名\n王秀英,王\n".encode(), "bad_header", "出现了两次"),
    ('姓名\n"王秀英\n'.encode() + b"x" * 140_000, "not_csv", "第 2 行"),
    (b"a" * (roster.MAX_BYTES + 1), "file_too_large", "300 KB"),
], ids=["empty", "bom-and-blanks", "only-separators", "header-only", "header-and-blank-row", "png",
        "random-bytes", "xlsx", "wrong-columns", "no-header", "column-twice", "unclosed-quote", "too-big"])
def test_bad_files_are_refused_with_a_clear_message(app, data, code, words):
    with pytest.raises(Invalid) as raised:
        roster.parse_roster(data)
    assert raised.value.code == code
    assert words in str(raised.value.message)


def test_ten_thousand_rows_are_refused_quickly(app):
    data = ("姓名,手机号\n" + "".join(f"村民{i},1380013{i:04d}\n" for i in range(10_000))).encode()
    start = time.perf_counter()
    with pytest.raises(Invalid) as raised:
        roster.parse_roster(data)
    assert time.perf_counter() - start < 1.0
    assert raised.value.code == "too_many_rows" and "500" in str(raised.value.message)


def test_row_errors_name_their_lines(app):
    data = "\n".join([
        "姓名,手机号,用户名",
        ",13800138000,",                  # 2 no name
        "王秀英,12345,",                   # 3 bad phone
        "李建国,13900139000,",             # 4
        "张伟,13900139000,",               # 5 same phone as line 4
        "刘洋,,9lives",                    # 6 bad username
        "陈静,,chenjing",                  # 7
        "赵磊,,ChenJing",                  # 8 same username as line 7
        "李建国,,",                        # 9 same name as line 4
        "孙丽,1.38001E+10,",               # 10 Excel turned the phone into a number
        "周杰,13700137000.0,",             # 11 fine: Excel's trailing .0
        "吴" * 31 + ",,",                  # 12 name too long
        "郑好,,,多出来的",                  # 13 a stray comma
    ]).encode()
    plan = roster.parse_roster(data)
    got = [(e.line, str(e.message)) for e in plan.errors]
    assert [line for line, _ in got] == [2, 3, 5, 6, 8, 9, 10, 12, 13]
    assert "姓名没有填" in got[0][1]
    assert "也在第 4 行" in got[2][1] and "也在第 7 行" in got[4][1] and "李建国2" in got[5][1]
    assert "设为文本" in got[6][1]
    assert {r.line: r.phone for r in plan.rows}[11] == "13700137000"


# ---- the pages -------------------------------------------------------------------------------

@pytest.fixture
def mentor_cohort(client, login_as):
    mentor = login_as("mentor")
    return mentor, mentor.memberships[0].cohort


def upload(client, cohort, data: bytes, name: str = "名单.csv"):
    token = csrf_token(client, f"/cohorts/{cohort.id}/roster")
    return client.post(f"/cohorts/{cohort.id}/roster", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(data), name)})


def confirm_data(client, cohort, preview_html: str) -> dict:
    content = re.search(r'name="content" type="hidden" value="([^"]+)"', preview_html).group(1)
    return {"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}/roster"), "content": content}


def confirm(client, cohort, preview_html: str):
    return client.post(f"/cohorts/{cohort.id}/roster/import", data=confirm_data(client, cohort, preview_html))


def finished(client, url: str, timeout: float = 90):
    """The import's status page once it stops refreshing itself (the worker is done)."""
    deadline = time.monotonic() + timeout
    while True:
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        if 'http-equiv="refresh"' not in page.get_data(as_text=True):
            return page
        assert time.monotonic() < deadline, page.get_data(as_text=True)[-2000:]
        time.sleep(0.2)


def imported(client, cohort, preview_html: str):
    """Confirm, follow the 303 to the status page and wait for the worker: the cards page."""
    response = confirm(client, cohort, preview_html)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert re.fullmatch(rf"/cohorts/{cohort.id}/roster/imports/\d+", response.headers["Location"])
    return finished(client, response.headers["Location"])


CARD_RE = re.compile(r"<dd>([^<]+)</dd>.*?<dd class=\"code big\">([^<]+)</dd>.*?"
                     r"一次性密码</dt><dd class=\"code big\">(\d{8})</dd>", re.DOTALL)


def test_upload_preview_confirm_then_the_villagers_sign_in_with_their_cards(app, client, mentor_cohort, db,
                                                                           start_worker):
    _, cohort = mentor_cohort
    start_worker()
    form = client.get(f"/cohorts/{cohort.id}/roster").get_data(as_text=True)
    assert 'type="file"' in form and 'accept=".csv,text/csv"' in form and 'enctype="multipart/form-data"' in form
    assert "王秀英,13800138000," in form                                   # the example
    assert "导入名单" in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)

    preview = upload(client, cohort, GOOD.encode("gbk"))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "将创建的账号：3 个" in page
    assert "第 2 行" in page and "王秀英" in page and "13800138000" in page and "lijianguo" in page
    assert learners_named(db, "王秀英", "李建国", "张伟") == 0                # a dry run

    cards = imported(client, cohort, page)
    html = cards.get_data(as_text=True)
    assert cards.status_code == 200 and "已创建的账号：3 个" in html
    found = {name: (login, otp) for name, login, otp in CARD_RE.findall(html)}
    assert set(found) == {"王秀英", "李建国", "张伟"}
    assert found["王秀英"][0] == "13800138000" and found["李建国"][0] == "lijianguo"
    assert re.fullmatch(r"[a-z][a-z0-9]{2,}", found["张伟"][0])              # made from the name
    assert html.count("/auth/login") >= 3 and 'data-print' in html
    assert html.count('class="qr"') == 3                # each card's QR code opens sign-in with its name

    db.session.expire_all()
    wang = db.session.scalar(select(User).where(User.display_name == "王秀英"))
    assert wang.must_change_password and wang.role == Role.LEARNER.value and wang.username is None
    assert {m.cohort_id for m in wang.memberships} == {cohort.id}
    for name, (login, otp) in found.items():
        villager = app.test_client()
        assert post_form(villager, "/auth/login", {"login": login, "password": otp}).status_code == 303, name
        assert villager.get("/learn/").headers["Location"].endswith("/auth/password")


def test_any_error_creates_nobody_and_every_problem_is_listed(client, mentor_cohort, db):
    _, cohort = mentor_cohort
    make_learner(cohort, display_name="老会员")
    make_user(Role.LEARNER, username="taken_one", phone="13700137000")
    data = "姓名,手机号,用户名\n新人甲,,\n老会员,,\n新人乙,13700137000,\n新人丙,,taken_one\n新人丁,555,\n".encode()
    page = upload(client, cohort, data).get_data(as_text=True)
    assert "发现的问题：4 个" in page and "没有创建任何账号" in page
    for line, words in ((3, "已经是成员了"), (4, "已经注册"), (5, "已被使用"), (6, "11 位")):
        assert re.search(rf"第 {line} 行</b>[^<]*{words}", page), (line, words)
    assert 'name="content"' not in page                                     # no confirm button
    assert learners_named(db, "新人甲", "新人乙", "新人丙", "新人丁") == 0


def test_a_file_that_fits_at_preview_but_not_at_confirm_creates_nobody(app, client, mentor_cohort, db):
    """Someone registers a phone between the preview and the confirm: nothing half-imported."""
    _, cohort = mentor_cohort
    data = "姓名,手机号\n甲,13800138001\n乙,13800138002\n丙,13800138003\n".encode()
    page = upload(client, cohort, data).get_data(as_text=True)
    make_user(Role.LEARNER, username="quick", phone="13800138003")
    response = confirm(client, cohort, page)
    assert response.status_code == 400 and "第 4 行" in response.get_data(as_text=True)
    assert learners_named(db, "甲", "乙", "丙") == 0


def test_capacity_is_checked_for_the_whole_list(client, login_as, db):
    mentor = login_as("mentor")
    cohort = make_cohort(mentor.org, capacity=3, staff=mentor)
    make_learner(cohort)
    page = upload(client, cohort, "姓名\n甲\n乙\n丙\n".encode()).get_data(as_text=True)
    assert re.search(r"第 4 行</b>[^<]*还能加 2 人", page)
    assert learners_named(db, "甲", "乙", "丙") == 0


@pytest.mark.parametrize("hostile", ['<img src=x onerror=alert(1)>', '=HYPERLINK("http://x","点我")'])
def test_hostile_names_are_escaped_on_the_preview_and_the_cards(client, mentor_cohort, db, hostile, start_worker):
    _, cohort = mentor_cohort
    start_worker()
    data = f'姓名,用户名\n"{hostile.replace(chr(34), chr(34) * 2)}",hostile_one\n'.encode()
    preview = upload(client, cohort, data).get_data(as_text=True)
    assert "<img src=x" not in preview and str(escape(hostile)) in preview
    cards = imported(client, cohort, preview).get_data(as_text=True)
    assert "<img src=x" not in cards and str(escape(hostile)) in cards and "hostile_one" in cards
    assert db.session.scalar(select(User.display_name).where(User.username == "hostile_one")) == hostile
    again = upload(client, cohort, f"姓名\n{hostile[:20]}x\n".encode()).get_data(as_text=True)
    assert "<img src=x" not in again


def test_a_second_confirm_or_a_reload_creates_nobody_twice(app, client, mentor_cohort, db, start_worker):
    mentor, cohort = mentor_cohort
    start_worker()
    page = upload(client, cohort, GOOD.encode()).get_data(as_text=True)
    data = confirm_data(client, cohort, page)
    first = client.post(f"/cohorts/{cohort.id}/roster/import", data=data)
    second = client.post(f"/cohorts/{cohort.id}/roster/import", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]          # the same import
    cards = finished(client, first.headers["Location"]).get_data(as_text=True)
    assert len(CARD_RE.findall(cards)) == 3
    third = client.post(f"/cohorts/{cohort.id}/roster/import", data=data)  # after it is done: a reload
    assert third.headers["Location"] == first.headers["Location"]
    assert CARD_RE.findall(client.get(third.headers["Location"]).get_data(as_text=True)) == CARD_RE.findall(cards)
    assert learners_named(db, "王秀英", "李建国", "张伟") == 3
    # another browser of the same staff member: the same import, the people but no passwords
    other = app.test_client()
    sign_in(other, mentor)
    again = other.post(f"/cohorts/{cohort.id}/roster/import", data=confirm_data(other, cohort, page))
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    elsewhere = other.get(again.headers["Location"]).get_data(as_text=True)
    assert "王秀英" in elsewhere and "lijianguo" in elsewhere and "只在导入名单的那个浏览器里显示" in elsewhere
    assert not re.search(r"\b\d{8}\b", elsewhere.replace("13800138000", ""))
    assert learners_named(db, "王秀英", "李建国", "张伟") == 3


@pytest.mark.parametrize("content", ["", "!!!not base64!!!", "A" * ((roster.MAX_BYTES + 2) // 3 * 4 + 4)],
                         ids=["empty", "not-base64", "oversized"])
def test_a_broken_or_oversized_hidden_field_imports_nothing(client, mentor_cohort, db, content):
    _, cohort = mentor_cohort
    response = client.post(f"/cohorts/{cohort.id}/roster/import",
                           data={"csrf_token": csrf_token(client, f"/cohorts/{cohort.id}/roster"), "content": content})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/cohorts/{cohort.id}/roster")
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id)) == 1


def test_a_file_at_the_size_limit_goes_through_preview_and_confirm(client, login_as, db, start_worker):
    """The preview carries the file back as base64: the largest file accepted must fit the form."""
    mentor = login_as("mentor")
    start_worker()
    cohort = make_cohort(mentor.org, capacity=roster.MAX_ROWS, staff=mentor)
    head = "姓名,备注\n" + "".join(f"村民{i},\n" for i in range(roster.MAX_ROWS))
    data = head.encode()
    data += b"\n" * (roster.MAX_BYTES - len(data))            # blank lines pad it to the limit
    assert len(data) == roster.MAX_BYTES
    page = upload(client, cohort, data).get_data(as_text=True)
    assert f"将创建的账号：{roster.MAX_ROWS} 个" in page
    assert f"已创建的账号：{roster.MAX_ROWS} 个" in imported(client, cohort, page).get_data(as_text=True)
    assert db.session.scalar(select(func.count(Membership.id)).where(Membership.cohort_id == cohort.id)) == 1 + roster.MAX_ROWS


def test_the_confirm_needs_the_csrf_token(client, mentor_cohort, db):
    _, cohort = mentor_cohort
    page = upload(client, cohort, GOOD.encode()).get_data(as_text=True)
    data = confirm_data(client, cohort, page)
    data.pop("csrf_token")
    client.post(f"/cohorts/{cohort.id}/roster/import", data=data)
    upload_without = client.post(f"/cohorts/{cohort.id}/roster", content_type="multipart/form-data",
                                 data={"file": (io.BytesIO(GOOD.encode()), "a.csv")})
    assert upload_without.status_code in (303, 400)
    assert learners_named(db, "王秀英", "李建国", "张伟") == 0


def test_bad_uploads_show_the_form_again_with_the_reason(client, mentor_cohort):
    _, cohort = mentor_cohort
    none = post_form(client, f"/cohorts/{cohort.id}/roster", {}, token_from=f"/cohorts/{cohort.id}/roster")
    assert none.status_code == 400 and "请选择一个 CSV 文件" in none.get_data(as_text=True)
    for data, words in ((b"", "文件是空的"), (b"PK\x03\x04rest", "Excel"), ("名称\n王\n".encode(), "第 1 行")):
        response = upload(client, cohort, data)
        assert response.status_code == 400 and words in response.get_data(as_text=True)
        assert 'type="file"' in response.get_data(as_text=True)


def test_english_pages(client, mentor_cohort):
    _, cohort = mentor_cohort
    post_form(client, "/lang", {"lang": "en"}, token_from=f"/cohorts/{cohort.id}/roster")
    page = upload(client, cohort, "姓名,手机号\n王秀英,555\n".encode()).get_data(as_text=True)
    assert "Line 2" in page and "11-digit" in page


def test_only_staff_who_see_the_group_can_import(app, db):
    village, other = make_org(OrgKind.VILLAGE), make_org(OrgKind.VILLAGE)
    mentor, other_mentor = make_user(Role.MENTOR, org=village), make_user(Role.MENTOR, org=other)
    teacher = make_user(Role.TEACHER, org=make_org(OrgKind.SCHOOL))
    cohort = make_cohort(village, staff=mentor)
    learner = make_learner(cohort)
    for user, status in ((other_mentor, 404), (teacher, 404), (learner, 403)):
        client = app.test_client()
        sign_in(client, user)
        assert client.get(f"/cohorts/{cohort.id}/roster").status_code == status, user.role
        token = csrf_token(client, "/auth/password")
        posted = client.post(f"/cohorts/{cohort.id}/roster", content_type="multipart/form-data",
                             data={"csrf_token": token, "file": (io.BytesIO(GOOD.encode()), "a.csv")})
        assert posted.status_code == status, user.role
        imported = client.post(f"/cohorts/{cohort.id}/roster/import",
                               data={"csrf_token": token, "content": "5aeT5ZCNCueOi+engOiLsQo="})
        assert imported.status_code == status, user.role
    client = app.test_client()
    sign_in(client, mentor)
    assert client.get("/cohorts/99999999999999999999/roster").status_code == 404
    assert client.get("/cohorts/2147483648/roster").status_code == 404
    assert client.get("/cohorts/999999/roster").status_code == 404
    assert app.test_client().get(f"/cohorts/{cohort.id}/roster").status_code == 302
    assert learners_named(db, "王秀英", "姓名") == 0


def test_a_teacher_imports_a_class_and_the_pages_say_class(app, client, login_as, db, start_worker):
    teacher = login_as("teacher")
    cohort = teacher.memberships[0].cohort
    start_worker()
    page = upload(client, cohort, GOOD.encode()).get_data(as_text=True)
    cards = imported(client, cohort, page).get_data(as_text=True)
    assert "<dt>班级</dt>" in cards and "回到班级" in cards
    assert "<dt>小组</dt>" not in cards and "回到小组" not in cards
    other = app.test_client()
    sign_in(other, teacher)
    again = other.post(f"/cohorts/{cohort.id}/roster/import", data=confirm_data(other, cohort, page))
    elsewhere = other.get(again.headers["Location"]).get_data(as_text=True)
    assert "请在班级页面" in elsewhere and "小组页面" not in elsewhere
