"""Class lists: staff import a CSV of villagers or students into a cohort, all or nothing.

`parse_roster` reads the file (UTF-8 with or without BOM, GBK from old Excel, UTF-16 from
Excel's "Unicode text"; comma, semicolon or tab) and checks each row on its own; `do_import`
checks the rows against the database and the cohort, and creates every account in one
transaction, or none (the API does this in the request; the web hands the checked rows to the
worker, see roster_imports). A problem with the file as a whole (empty, not text, no name
column, too big) is an Invalid; a problem with a row is a RowError with the row's line number.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms import permissions
from lms.extensions import db
from lms.models import Cohort, MemberRole, Membership, User
from lms.services import accounts, orgs
from lms.services.errors import DomainError, Invalid, NotFound

# The preview carries the file back in a form field as base64 (4/3 the size), and Flask refuses
# a form over MAX_FORM_MEMORY_SIZE (500 KB): 300 KB of CSV is far more than MAX_ROWS people.
MAX_BYTES = 300 * 1024
# Each account's one-time password is hashed with scrypt (~0.1 s on a small server, ~0.065 s
# a hash on two threads), so 500 rows take 30–50 s to import; bigger lists are imported in parts.
MAX_ROWS = 500

# Header cell (normalised: lower case, no spaces, `-` as `_`) → column.
COLUMNS = {
    "display_name": "display_name", "name": "display_name", "姓名": "display_name", "名字": "display_name",
    "phone": "phone", "mobile": "phone", "手机号": "phone", "手机": "phone", "手机号码": "phone",
    "username": "username", "用户名": "username",
}
DELIMITERS = (",", ";", "\t", "，", "；")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class RowError:
    line: int
    message: str   # a lazy translated string


@dataclass
class RosterRow:
    """One person to create: the name, the phone and username as checked (None when empty),
    and `login`, what they will sign in with (filled in by do_import)."""

    line: int
    display_name: str
    phone: str | None = None
    username: str | None = None
    login: str = ""


@dataclass
class RosterPlan:
    rows: list[RosterRow]
    errors: list[RowError]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class RosterResult:
    """What an import did or, on a dry run or with errors, would do. `created` pairs each
    new account with its one-time password (empty unless the import really ran)."""

    rows: list[RosterRow]
    errors: list[RowError]
    ignored_columns: list[str]
    created: list[tuple[RosterRow, User, str]] = field(default_factory=list)
    already_imported: bool = False   # every row is someone already in the group


def fingerprint(cohort: Cohort, data: bytes) -> str:
    """A key for one file imported into one cohort (the web's reload guard)."""
    return hashlib.sha256(b"%d:" % cohort.id + data).hexdigest()[:32]


def read_upload(stream) -> bytes:
    """Read an uploaded file, refusing one over MAX_BYTES without reading it all."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Invalid(_l("The file is too large (at most %(size)s KB). Split the list into smaller files.",
                         size=MAX_BYTES // 1024),
                      field="file", code="file_too_large")
    return data


def _decode(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise Invalid(_l("This is an Excel workbook, not a CSV file. In Excel or WPS choose "
                         "File → Save As → CSV, then upload that file."), field="file", code="not_csv")
    encodings = ("utf-16",) if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.lstrip("\ufeff").rstrip("\x1a")   # a BOM inside UTF-16, a DOS end-of-file mark
        if not CONTROL.search(text):
            return text
    raise Invalid(_l("This file is not a CSV text file. Save the list as CSV and upload that file."),
                  field="file", code="not_csv")


def _delimiter(text: str) -> str:
    """The separator the header line uses most (a one-column file has none: comma)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _key(cell: str) -> str:
    return re.sub(r"[\s\u3000]+", "", cell.replace("\ufeff", "")).lower().replace("-", "_")


def _header(cells: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column → index, and the header cells that name no column (ignored)."""
    found: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(cells):
        column = COLUMNS.get(_key(cell)) or COLUMNS.get(_key(cell).replace("_", ""))
        if column is None:
            if cell.strip():
                ignored.append(cell.strip()[:30])
        elif column in found:
            raise Invalid(_l("Line 1: the column %(name)s appears twice.", name=cell.strip()[:30]),
                          field="file", code="bad_header")
        else:
            found[column] = index
    if "display_name" not in found:
        shown = "、".join(c.strip()[:30] for c in cells[:6] if c.strip()) or "—"
        raise Invalid(_l("Line 1 must name the columns: 姓名 (or display_name), and if you have them "
                         "手机号 (phone) and 用户名 (username), in any order. This file's first line "
                         "is: %(found)s", found=shown), field="file", code="bad_header")
    return found, ignored


def _rows(text: str):
    """(line, cells) for every row that is not blank, the line being where the row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        raise Invalid(_l("Line %(line)s cannot be read (a quotation mark is not closed?). Save the list "
                         "as CSV again and upload that file.", line=start), field="file", code="not_csv") from None


def _phone(raw: str) -> str:
    text = raw.strip()
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
        raise Invalid(_l("Mobile number %(value)s was turned into a number by Excel. Format the column "
                         "as text, type the numbers again and save as CSV.", value=text))
    text = re.sub(r"^(\d{11})\.0+$", r"\1", text)   # Excel's 13800138000.0
    try:
        return accounts.normalise_phone(text)
    except Invalid:
        raise Invalid(_l("Mobile number %(value)s is not an 11-digit mobile number (like 13800138000).",
                         value=text[:30])) from None


def _row(line: int, cells: list[str], columns: dict[str, int], width: int) -> tuple[RosterRow | None, list[RowError]]:
    """One row checked on its own (`width`: the header's cells): the row, or None with its errors."""
    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    errors = []
    if any(c.strip() for c in cells[width:]):
        errors.append(RowError(line, _l("This line has more cells than the first line. Is there a "
                                        "comma in a name?")))
    name = " ".join(cell("display_name").split())
    if not name:
        errors.append(RowError(line, _l("The name is missing.")))
    elif len(name) > accounts.DISPLAY_NAME_MAX:
        errors.append(RowError(line, _l("The name is too long (at most %(n)s characters).",
                                        n=accounts.DISPLAY_NAME_MAX)))
    phone = username = None
    if cell("phone"):
        try:
            phone = _phone(cell("phone"))
        except Invalid as error:
            errors.append(RowError(line, error.message))
    if cell("username"):
        try:
            username = accounts.check_username(cell("username"))
        except Invalid:
            errors.append(RowError(line, _l("Username %(value)s: use 3–30 letters, digits or _, starting "
                                            "with a letter.", value=cell("username")[:40])))
    if errors:
        return None, errors
    return RosterRow(line, name, phone, username), []


def parse_roster(data: bytes) -> RosterPlan:
    """Read a class list and check every row on its own and against the other rows."""
    if len(data) > MAX_BYTES:
        raise Invalid(_l("The file is too large (at most %(size)s KB). Split the list into smaller files.",
                         size=MAX_BYTES // 1024),
                      field="file", code="file_too_large")
    if not data.strip():
        raise Invalid(_l("The file is empty."), field="file", code="empty")
    rows = _rows(_decode(data))
    first = next(rows, None)
    if first is None:
        raise Invalid(_l("The file is empty."), field="file", code="empty")
    columns, ignored = _header(first[1])
    plan = RosterPlan([], [], ignored)
    seen: dict[tuple[str, str], int] = {}
    count = 0
    for line, cells in rows:
        count += 1
        if count > MAX_ROWS:
            raise Invalid(_l("The file has more than %(n)s people. Split the list into files of at most "
                             "%(n)s rows and import them one by one.", n=MAX_ROWS), field="file", code="too_many_rows")
        row, errors = _row(line, cells, columns, len(first[1]))
        plan.errors += errors
        if row is None:
            continue
        duplicate = False
        for kind, value in (("phone", row.phone), ("username", row.username), ("name", row.display_name)):
            if value and (kind, value) in seen:
                duplicate = True
                plan.errors.append(RowError(line, _DUPLICATE[kind](value, seen[(kind, value)])))
            elif value:
                seen[(kind, value)] = line
        if not duplicate:
            plan.rows.append(row)
    if count == 0:
        raise Invalid(_l("The file has only the first line (the column names) and nobody in it."),
                      field="file", code="empty")
    return plan


_DUPLICATE = {
    "phone": lambda value, line: _l("Mobile number %(value)s is also on line %(line)s.", value=value, line=line),
    "username": lambda value, line: _l("Username %(value)s is also on line %(line)s.", value=value, line=line),
    "name": lambda value, line: _l("%(value)s is also on line %(line)s. Add something to tell them apart, "
                                   "e.g. %(value)s2.", value=value, line=line),
}


def check_against_database(cohort: Cohort, rows: list[RosterRow]) -> tuple[list[RowError], bool]:
    """Errors for rows that clash with existing accounts, the group's members or its capacity;
    and whether every row is someone already in the group (the list was imported before)."""
    member_ids = set(db.session.scalars(select(Membership.user_id).where(
        Membership.cohort_id == cohort.id, Membership.role == MemberRole.LEARNER.value)))
    names_in_group = set(db.session.scalars(select(User.display_name).where(User.id.in_(member_ids)))) \
        if member_ids else set()
    phones = {r.phone for r in rows if r.phone}
    phone_owner = {phone: uid for phone, uid in db.session.execute(
        select(User.phone, User.id).where(User.phone.in_(phones)))} if phones else {}
    names = {r.username for r in rows if r.username}
    taken = set(db.session.scalars(select(func.lower(User.username)).where(func.lower(User.username).in_(names)))) \
        if names else set()
    errors, in_group = [], 0
    for row in rows:
        here = False
        if row.display_name in names_in_group:
            here = True
            errors.append(RowError(row.line, _l("%(name)s is already a member.", name=row.display_name)))
        if row.phone in phone_owner:
            here = here or phone_owner[row.phone] in member_ids
            errors.append(RowError(row.line, _l("Mobile number %(value)s is already registered.", value=row.phone)))
        if row.username in taken:
            errors.append(RowError(row.line, _l("Username %(value)s is taken.", value=row.username)))
        in_group += here
    room = cohort.capacity - len(member_ids)
    if len(rows) > room:
        errors.append(RowError(rows[max(room, 0)].line, _l(
            "There is room for %(room)s more people (at most %(cap)s) and this file has %(n)s. "
            "Nobody from this line on fits: raise the maximum or split the list.",
            room=max(room, 0), cap=cohort.capacity, n=len(rows))))
    return errors, bool(rows) and in_group == len(rows)


def plan_logins(cohort: Cohort, rows: list[RosterRow]) -> None:
    """What each person signs in with: their phone, the username in the file, or a made-up one."""
    reserved = {r.username for r in rows if r.username}
    for row in rows:
        if not row.username and not row.phone:
            row.username = orgs.suggest_username(cohort, row.display_name, reserved=frozenset(reserved))
            reserved.add(row.username)
        row.login = row.username or row.phone


def do_import(actor: User, cohort: Cohort, data: bytes, *, dry_run: bool) -> RosterResult:
    """Check a class list and, unless it is a dry run or anything is wrong, create every account
    (one-time password, must change it) in one transaction."""
    if not permissions.can_enrol_in(actor, cohort):
        raise NotFound(_l("Group not found."))
    plan = parse_roster(data)
    errors, already = check_against_database(cohort, plan.rows)
    result = RosterResult(plan.rows, sorted(plan.errors + errors, key=lambda e: e.line),
                          plan.ignored_columns, already_imported=already)
    if result.errors:
        return result
    plan_logins(cohort, plan.rows)
    if dry_run:
        return result
    passwords = [accounts.make_one_time_password() for _ in plan.rows]
    try:
        result.created = add_accounts(actor, cohort, plan.rows, passwords, accounts.hash_passwords(passwords))
        db.session.commit()
    except RowFailed as failed:
        db.session.rollback()
        result.errors = [failed.error]
    except IntegrityError:
        db.session.rollback()
        result.errors = [same_moment(plan.rows[0].line)]
    return result


class RowFailed(Exception):
    """A row could not be created after all (someone took its username or phone since the
    check): the whole list is rolled back."""

    def __init__(self, error: RowError):
        super().__init__(error.line)
        self.error = error


def same_moment(line: int) -> RowError:
    """An identical import (or someone's registration) committed first: a unique key fired."""
    return RowError(line, _l("Someone added these people at the same moment. Check the members before trying again."))


def add_accounts(actor: User, cohort: Cohort, rows: list[RosterRow], passwords: list[str],
                 hashes: list[str]) -> list[tuple[RosterRow, User, str]]:
    """Add every row's account with its one-time password (hashed ahead, so the write
    transaction is short), not committed; RowFailed names the first row that cannot be made."""
    created = []
    for row, otp, hashed in zip(rows, passwords, hashes, strict=True):
        try:
            user, _ = orgs.add_learner(actor, cohort, display_name=row.display_name, phone=row.phone,
                                       username=row.username, password=otp, password_hash=hashed)
        except DomainError as error:   # someone took the name since the check
            raise RowFailed(RowError(row.line, error.message)) from None
        created.append((row, user, otp))
    return created


def result_json(result: RosterResult, *, dry_run: bool) -> dict:
    """The API's answer (SPEC §3); on a clean dry run, `created` lists who would be created."""
    if result.errors:
        return {"created": [], "errors": [{"line": e.line, "message": str(e.message)} for e in result.errors]}
    if dry_run:
        created = [{"line": r.line, "username": r.login, "one_time_password": None} for r in result.rows]
    else:
        created = [{"line": r.line, "username": u.login_name, "one_time_password": otp} for r, u, otp in result.created]
    return {"created": created, "errors": []}
