"""The gradebook page and its CSV: learners × tasks with best score, graded attempts, passed and
overdue (on the Asia/Shanghai calendar day); hostile names escaped in HTML and neutralised in
CSV; only staff who see the cohort; a fixed number of SQL statements whatever the cohort's size."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select

import lms.clock
from courses.loader import load_catalog
from lms.clock import local_today, utcnow
from lms.extensions import db
from lms.models import (
    Assignment,
    AttemptStatus,
    Course,
    MemberRole,
    Membership,
    OrgKind,
    Role,
    Task,
    TaskAttempt,
    TaskVersion,
    Track,
)
from lms.services import assignments, gradebook
from lms.services.catalog import sync_catalog
from tests.conftest import (
    counting_statements,
    make_cohort,
    make_learner,
    make_org,
    make_user,
    sign_in,
)
from tests.helpers import MINI, mini_group

_nonce = itertools.count()
HOSTILE = ['=HYPERLINK("http://x")', "@SUM(1)", "<img src=x onerror=alert(1)>"]


def attempt(user, task: Task, score: int, *, passed: bool | None = None, status: str = AttemptStatus.DONE,
            reviewed: bool = False) -> None:
    db.session.add(TaskAttempt(
        user_id=user.id, task_version_id=task.current.id, nonce=f"g{next(_nonce)}", answers={}, score=score,
        passed=score >= 60 if passed is None else passed, status=status,
        reviewed_at=utcnow() if reviewed else None))
    db.session.commit()


def freeze(monkeypatch, instant: datetime) -> None:
    """Stop the clock at an instant (aware, UTC): local_today() is its date in Asia/Shanghai."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr(lms.clock, "datetime", Frozen)


def assign(mentor, cohort, task: Task, due: date) -> None:
    """Assign through the service, then move the due date (into the past, if asked)."""
    a = assignments.do_assign(mentor, cohort, task.id, local_today())
    a.due_on = due
    db.session.commit()


def assign_personally(mentor, learner, task: Task, due: date) -> None:
    (a,) = assignments.do_assign_learners(mentor, [learner.login_name], task.id, local_today())
    a.due_on = due
    db.session.commit()


@pytest.fixture
def group(app):
    return mini_group()


def cells(book) -> dict[tuple[str, str], tuple]:
    slugs = [t.slug for t in book.tasks]
    return {(r.username, slug): (c.best_score, c.attempts, c.passed, c.overdue, c.assigned)
            for r in book.learners for slug, c in zip(slugs, r.cells, strict=True)}


def test_cells_hold_best_score_graded_attempts_passed_and_overdue(group):
    mentor, cohort, tasks = group
    quiz, copy, reply = tasks["demo-quiz"], tasks["demo-copy"], tasks["demo-reply"]
    anna, bobo = make_learner(cohort, username="anna"), make_learner(cohort, username="bobo")
    cara, dora = make_learner(cohort, username="cara"), make_learner(cohort, username="dora")
    outsider = make_learner(username="else")                  # another village's learner
    yesterday, tomorrow = local_today() - timedelta(days=1), local_today() + timedelta(days=1)
    assign(mentor, cohort, quiz, yesterday)
    assign(mentor, cohort, copy, yesterday)
    assign_personally(mentor, bobo, reply, tomorrow)           # a column because bobo has it
    # anna: a fail then a pass on the quiz, a third try still waiting for feedback
    attempt(anna, quiz, 40)
    attempt(anna, quiz, 80)
    attempt(anna, quiz, 0, status=AttemptStatus.QUEUED)
    # anna: the copy task's feedback failed (its rule score does not count): still overdue
    attempt(anna, copy, 95, passed=False, status=AttemptStatus.FAILED)
    attempt(bobo, copy, 55)
    attempt(cara, reply, 70)                                   # practice on a task not given to her
    attempt(dora, copy, 75, passed=True, status=AttemptStatus.FAILED, reviewed=True)  # a person graded it
    attempt(outsider, quiz, 100)

    book = gradebook.cohort_gradebook(cohort)
    assert [t.slug for t in book.tasks] == ["demo-quiz", "demo-copy", "demo-reply"]
    assert [r.username for r in book.learners] == ["anna", "bobo", "cara", "dora"]
    assert cells(book) == {
        ("anna", "demo-quiz"): (80, 2, True, False, True),
        ("anna", "demo-copy"): (None, 0, False, True, True),
        ("anna", "demo-reply"): (None, 0, False, False, False),
        ("bobo", "demo-quiz"): (None, 0, False, True, True),
        ("bobo", "demo-copy"): (55, 1, False, True, True),
        ("bobo", "demo-reply"): (None, 0, False, False, True),
        ("cara", "demo-quiz"): (None, 0, False, True, True),
        ("cara", "demo-copy"): (None, 0, False, True, True),
        ("cara", "demo-reply"): (70, 1, True, False, False),
        ("dora", "demo-quiz"): (None, 0, False, True, True),
        ("dora", "demo-copy"): (75, 1, True, False, True),
        ("dora", "demo-reply"): (None, 0, False, False, False),
    }
    assert [(r.passed, r.overdue) for r in book.learners] == [(1, 1), (0, 2), (1, 2), (1, 1)]
    waiting = {(r.username, t.slug): c.ungraded for r in book.learners
               for t, c in zip(book.tasks, r.cells, strict=True) if c.ungraded}
    assert waiting == {("anna", "demo-quiz"): 1, ("anna", "demo-copy"): 1}   # queued; failed feedback


def test_columns_are_the_groups_tasks_and_its_learners_own_in_catalog_order(group):
    mentor, cohort, tasks = group
    anna = make_learner(cohort, username="anna")
    # a task on a later track, given to the group first: still a later column
    track = db.session.scalar(select(Track).where(Track.slug == "livestream"))
    course = Course(slug="live-extra", track_id=track.id, position=0, title="直播加课")
    db.session.add(course)
    db.session.flush()
    live = Task(slug="live-plan", course_id=course.id, position=0, kind="copy", title="直播脚本")
    db.session.add(live)
    db.session.flush()
    db.session.add(TaskVersion(task_id=live.id, number=1, content_hash="x", definition={"kind": "copy"}))
    db.session.commit()
    assign(mentor, cohort, live, local_today())
    assign(mentor, cohort, tasks["demo-reply"], local_today())
    # another group of anna's assigned the quiz: not this group's column
    second = make_cohort(mentor.org, staff=mentor)
    db.session.add(Membership(cohort_id=second.id, user_id=anna.id, role=MemberRole.LEARNER.value))
    db.session.commit()
    assign(mentor, second, tasks["demo-quiz"], local_today())
    # another village's learner has the copy task personally: not a column here either
    other_mentor = make_user(Role.MENTOR, org=make_org())
    stranger = make_learner(make_cohort(other_mentor.org, staff=other_mentor))
    assign_personally(other_mentor, stranger, tasks["demo-copy"], local_today())

    assert [t.slug for t in gradebook.cohort_gradebook(cohort).tasks] == ["demo-reply", "live-plan"]
    live.is_active = False                                     # retired from the content
    db.session.commit()
    assert [t.slug for t in gradebook.cohort_gradebook(cohort).tasks] == ["demo-reply"]
    assert [t.slug for t in gradebook.cohort_gradebook(second).tasks] == ["demo-quiz"]


@pytest.mark.parametrize("instant, overdue", [
    (datetime(2026, 3, 1, 16, 30, tzinfo=UTC), True),          # 00:30 on 2 March in Shanghai
    (datetime(2026, 3, 1, 15, 59, 59, tzinfo=UTC), False),     # 23:59:59 on 1 March: still due today
])
def test_overdue_starts_on_the_next_day_in_shanghai_not_in_utc(group, monkeypatch, instant, overdue):
    mentor, cohort, tasks = group
    learner = make_learner(cohort, username="anna")
    freeze(monkeypatch, instant)
    assign(mentor, cohort, tasks["demo-copy"], date(2026, 3, 1))
    assign(mentor, cohort, tasks["demo-reply"], date(2026, 3, 2))
    book = gradebook.cohort_gradebook(cohort)
    assert book.today == (date(2026, 3, 2) if overdue else date(2026, 3, 1))
    assert [c.overdue for c in book.learners[0].cells] == [overdue, False]
    attempt(learner, tasks["demo-copy"], 90)                    # passed late: no longer overdue
    assert [c.overdue for c in gradebook.cohort_gradebook(cohort).learners[0].cells] == [False, False]


def test_the_page_shows_scores_overdue_in_words_and_totals(client, group):
    mentor, cohort, tasks = group
    anna = make_learner(cohort, username="anna", display_name="安娜")
    make_learner(cohort, username="bobo", display_name="波波")
    assign(mentor, cohort, tasks["demo-quiz"], local_today() - timedelta(days=2))
    assign(mentor, cohort, tasks["demo-copy"], local_today() + timedelta(days=3))
    attempt(anna, tasks["demo-quiz"], 50)
    attempt(anna, tasks["demo-quiz"], 85)
    attempt(anna, tasks["demo-copy"], 0, status=AttemptStatus.TRANSCRIBING)
    assert sign_in(client, mentor).status_code == 303
    response = client.get(f"/cohorts/{cohort.id}/gradebook")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert f"成绩单：{cohort.name}" in html and f"日期：{local_today().isoformat()}" in html
    assert "小测验" in html and "写脐橙详情" in html and "回复坏果投诉" not in html
    assert 'class="table-scroll"' in html and "下载 CSV（Excel）" in html
    assert f'href="/cohorts/{cohort.id}/gradebook.csv"' in html
    anna_row, bobo_row = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, flags=re.DOTALL)
    assert "安娜" in anna_row and "<b>85</b>" in anna_row and "2 次" in anna_row and "✓" in anna_row
    assert "已逾期" not in anna_row and "交了，还没有分数" in anna_row       # the copy task is not due yet
    assert "未开始" in bobo_row
    assert "波波" in bobo_row and "已逾期" in bobo_row                     # overdue in words, not only colour
    totals = lambda row: re.findall(r'<td class="total[^"]*">(\d+)</td>', row)
    assert totals(anna_row) == ["1", "0"] and totals(bobo_row) == ["0", "1"]
    # the group page links here, in its first card
    show = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    first_card = show.split('<section class="card">', 2)[1]
    assert f'href="/cohorts/{cohort.id}/gradebook"' in first_card


def test_the_page_prints_as_a_report_without_buttons(client, group):
    mentor, cohort, tasks = group
    make_learner(cohort)
    assign(mentor, cohort, tasks["demo-quiz"], local_today())
    assert sign_in(client, mentor).status_code == 303
    html = client.get(f"/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert '<div class="noprint"><p class="actions">' in html and "data-print hidden" in html
    css = client.get(re.search(r'href="(/a/[^"]+/app\.css)"', html).group(1)).get_data(as_text=True)
    prints = " ".join(re.findall(r"@media print\{(.*?\})\}", css, flags=re.DOTALL))
    assert ".top,.foot,.noprint" in css and "@page{size:A4" in css
    assert ".table-scroll{overflow:visible" in prints and ".grades tr{break-inside:avoid" in prints


def test_the_page_says_so_when_nothing_is_assigned(client, group):
    mentor, cohort, _tasks = group
    make_learner(cohort)
    assert sign_in(client, mentor).status_code == 303
    html = client.get(f"/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert "还没有布置作业" in html and "<table" not in html


def test_a_teachers_class_says_students(client, app):
    sync_catalog(load_catalog(MINI))
    teacher = make_user(Role.TEACHER, org=make_org(OrgKind.SCHOOL))
    klass = make_cohort(teacher.org, staff=teacher)
    make_learner(klass)
    task = db.session.scalar(select(Task).where(Task.slug == "demo-quiz"))
    assign(teacher, klass, task, local_today())
    assert sign_in(client, teacher).status_code == 303
    html = client.get(f"/cohorts/{klass.id}/gradebook").get_data(as_text=True)
    assert '<th scope="col">学生</th>' in html and "回到班级" in html


def read_csv(response) -> list[list[str]]:
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def test_the_csv_opens_in_excel_with_chinese_and_one_row_per_learner(client, group):
    mentor, cohort, tasks = group
    cohort.name = '三年级/一班 "A"'
    db.session.commit()
    anna = make_learner(cohort, username="anna", display_name="安娜")
    make_learner(cohort, username="bobo", display_name="波波")
    assign(mentor, cohort, tasks["demo-quiz"], local_today() - timedelta(days=1))
    assign(mentor, cohort, tasks["demo-copy"], local_today() + timedelta(days=1))
    attempt(anna, tasks["demo-quiz"], 90)
    attempt(anna, tasks["demo-copy"], 30)
    assert sign_in(client, mentor).status_code == 303
    response = client.get(f"/cohorts/{cohort.id}/gradebook.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Cache-Control"] == "private, no-store"
    day = local_today().isoformat()
    disposition = response.headers["Content-Disposition"]
    assert disposition == (f'attachment; filename="gradebook-{cohort.id}-{day}.csv"; '
                           f"filename*=UTF-8''{quote(f'三年级_一班 _A-成绩单-{day}.csv', safe='')}")
    disposition.encode("ascii")                                 # a header is plain ASCII
    assert read_csv(response) == [
        ["用户名", "姓名", "小测验", "写脐橙详情", "作业通过", "逾期"],
        ["anna", "安娜", "90", "30", "1", "0"],
        ["bobo", "波波", "已逾期", "", "0", "1"],
    ]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.post("/lang", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/mentor/").get_data(as_text=True)).group(1), "lang": "en"})
    rows = read_csv(client.get(f"/cohorts/{cohort.id}/gradebook.csv"))
    assert rows[0] == ["Username", "Full name", "A small quiz", "Write an orange listing", "Tasks passed", "Overdue"]
    assert rows[2][2] == "overdue"


def test_hostile_names_are_neutralised_in_csv_and_escaped_in_html(client, group):
    mentor, cohort, tasks = group
    for i, name in enumerate([*HOSTILE, "-1+2", "+86 138", "\uff1dSUM(A1)"]):
        make_learner(cohort, username=f"hostile{i}", display_name=name)
    assign(mentor, cohort, tasks["demo-quiz"], local_today())
    assert sign_in(client, mentor).status_code == 303
    rows = read_csv(client.get(f"/cohorts/{cohort.id}/gradebook.csv"))
    names = [row[1] for row in rows[1:]]
    assert names == ["'=HYPERLINK(\"http://x\")", "'@SUM(1)", "<img src=x onerror=alert(1)>", "'-1+2",
                     "'+86 138", "'\uff1dSUM(A1)"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    html = client.get(f"/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("85", "85"), ("", ""), (None, ""), (3, "3"), (" =1", " =1"),
])
def test_neutralise(value, shown):
    assert gradebook.neutralise(value) == shown


def test_only_staff_who_see_the_group_open_it(client, app, group):
    mentor, cohort, _tasks = group
    learner = make_learner(cohort)
    other_mentor = make_user(Role.MENTOR, org=make_org())
    make_cohort(other_mentor.org, staff=other_mentor)
    pages = [f"/cohorts/{cohort.id}/gradebook", f"/cohorts/{cohort.id}/gradebook.csv"]
    for url in pages:
        response = app.test_client().get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url
    signed = {}
    for who in (mentor, other_mentor, learner):
        signed[who.id] = app.test_client()
        assert sign_in(signed[who.id], who).status_code == 303
    for url in pages:
        assert signed[mentor.id].get(url).status_code == 200, url
        assert signed[other_mentor.id].get(url).status_code == 404, url
        assert signed[learner.id].get(url).status_code == 403, url
    for bad in ("999999", "9223372036854775808", "0"):
        for tail in ("gradebook", "gradebook.csv"):
            assert signed[mentor.id].get(f"/cohorts/{bad}/{tail}").status_code == 404, (bad, tail)


def test_the_same_number_of_queries_for_3_or_30_learners(client, group):
    mentor, cohort, tasks = group
    assign(mentor, cohort, tasks["demo-quiz"], local_today() - timedelta(days=1))
    assign(mentor, cohort, tasks["demo-copy"], local_today() + timedelta(days=1))
    assert sign_in(client, mentor).status_code == 303

    def statements_for(n: int) -> tuple[int, int, int]:
        while db.session.scalar(select(db.func.count()).select_from(Membership).where(
                Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)) < n:
            learner = make_learner(cohort)
            attempt(learner, tasks["demo-quiz"], 40 + n)
            attempt(learner, tasks["demo-copy"], 70)
            assign_personally(mentor, learner, tasks["demo-reply"], local_today())
        counts = []
        for url in (f"/cohorts/{cohort.id}/gradebook", f"/cohorts/{cohort.id}/gradebook.csv"):
            client.get(url)                                     # warm
            with counting_statements(db) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        db.session.expire_all()
        fresh = db.session.get(type(cohort), cohort.id)
        with counting_statements(db) as statements:
            book = gradebook.cohort_gradebook(fresh)
        assert len(book.learners) == n
        return (*counts, len(statements))

    few, many = statements_for(3), statements_for(30)
    assert few == many
    assert few[2] == 4                                          # tasks, due dates, attempts, learners


def test_assignments_of_other_kinds_are_listed_once(group):
    """A task assigned to the group and to a learner personally is one column."""
    mentor, cohort, tasks = group
    anna = make_learner(cohort, username="anna")
    assign(mentor, cohort, tasks["demo-copy"], local_today() + timedelta(days=5))
    assign_personally(mentor, anna, tasks["demo-copy"], local_today() - timedelta(days=1))
    book = gradebook.cohort_gradebook(cohort)
    assert [t.slug for t in book.tasks] == ["demo-copy"]
    assert book.learners[0].cells[0].overdue                    # the earliest due date counts
    assert db.session.scalar(select(db.func.count()).select_from(Assignment)) == 2
