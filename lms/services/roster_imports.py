"""Class lists imported through the web: the confirm stores the checked rows and queues the
worker, which creates every account in one transaction, or none.

No one-time password is ever stored. The confirm makes a random key K for the import; each
row's password is derived from K (`one_time_password`). K goes to the staff member's session
(sealed, lms.staff.cards) and to the job, sealed under its own key from SECRET_KEY, so the
broker never holds it in clear; the database holds only the hashes, and the rows (names and
phones) only until the import is done or failed. The sheet of cards is
recomputed from the session's K, for CARD_WINDOW, per card only while that password is still
the account's unused one. After the window K is gone everywhere: an import still waiting by
then fails, and the page says to upload the list again.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from hashlib import sha256

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from lms import permissions
from lms.clock import utcnow
from lms.extensions import db
from lms.models import ID_MAX, Cohort, ImportStatus, RosterImport, User
from lms.sealing import seal, unseal
from lms.services import accounts, roster
from lms.services.errors import NotFound
from lms.services.once import insert_once

CARD_WINDOW = timedelta(minutes=30)  # how long the sheet of cards can be shown again
REQUEUE_AFTER = timedelta(seconds=30)  # a queued import no worker took by then is sent again
_JOB_PURPOSE = b"lms roster import job"
_LOCALES = ("zh_CN", "en")


@dataclass
class Started:
    """What the confirm did: the import (a new one, or the one this file already made — then
    `key` is None), or no import and the check's errors in `check`."""

    roster_import: RosterImport | None
    check: roster.RosterResult | None
    key: bytes | None = None


@dataclass
class Card:
    line: int
    user: User
    otp: str | None   # None: the password may no longer be shown (used, changed, no key)


def one_time_password(key: bytes, import_id: int, line: int) -> str:
    """The row's one-time password, derived from the import's key: eight digits from the same
    alphabet as accounts.make_one_time_password, unbiased (bytes outside the largest multiple
    of the alphabet's size are skipped; with 8 digits none are)."""
    alphabet, size = accounts.ONE_TIME_ALPHABET, len(accounts.ONE_TIME_ALPHABET)
    limit = 256 - 256 % size
    digits: list[str] = []
    block = 0
    while len(digits) < accounts.ONE_TIME_LENGTH:
        stream = hmac.new(key, b"roster otp:%d:%d:%d" % (import_id, line, block), sha256).digest()
        digits += [alphabet[b % size] for b in stream if b < limit]
        block += 1
    return "".join(digits[:accounts.ONE_TIME_LENGTH])


def _find(actor: User, cohort: Cohort, key: str):
    def find() -> RosterImport | None:
        return db.session.scalar(select(RosterImport).where(
            RosterImport.cohort_id == cohort.id, RosterImport.created_by_id == actor.id, RosterImport.key == key))
    return find


def _replaceable(existing: RosterImport) -> bool:
    """A failed import, or a finished one whose cards can no longer be shown, does not stop the
    same file from being checked and imported again (the check then says who is already in)."""
    return existing.status == ImportStatus.FAILED or (
        existing.status == ImportStatus.DONE and utcnow() - existing.created_at >= CARD_WINDOW)


def do_start(actor: User, cohort: Cohort, data: bytes, locale: str) -> Started:
    """Check the list again and queue its import; the same file confirmed again by the same staff
    member (a double tap, two at once, a reload) returns the import the first confirm made."""
    if not permissions.can_enrol_in(actor, cohort):
        raise NotFound(_l("Group not found."))
    key = roster.fingerprint(cohort, data)
    find = _find(actor, cohort, key)
    existing = find()
    if existing is not None and not _replaceable(existing):
        return Started(existing, None)
    check = roster.do_import(actor, cohort, data, dry_run=True)
    if check.errors:
        return Started(None, check)
    if existing is not None:   # goes in the same transaction as its replacement
        db.session.execute(delete(RosterImport).where(RosterImport.id == existing.id))
    row = RosterImport(cohort_id=cohort.id, created_by_id=actor.id, key=key, status=ImportStatus.QUEUED,
                       rows=[asdict(r) for r in check.rows])
    row, created = insert_once(row, find)
    if not created:
        return Started(row, None)
    secret = secrets.token_bytes(32)
    enqueue(row.id, secret, locale)
    return Started(row, check, secret)


def enqueue(import_id: int, key: bytes, locale: str) -> bool:
    """Hand the import to the workers with its key sealed for the job. A broker that is down
    loses nothing: the import stays queued and the status page sends it again."""
    found = db.session.get(RosterImport, import_id)
    sealed = seal(json.dumps({"i": import_id, "c": stamp(found), "k": base64.b64encode(key).decode()}).encode(),
                  _JOB_PURPOSE)
    try:
        current_app.extensions["celery"].send_task("lms.import_roster", args=[import_id, sealed, locale])
    except Exception:  # the broker is unreachable: log it, the status page retries
        current_app.logger.exception("could not queue roster import %s", import_id)
        return False
    return True


def look_after(found: RosterImport, key: bytes | None, locale: str, alive: bool) -> None:
    """What the status page does for a pending import: send it again if the message seems lost
    (only with the key, from the staff member's session), or fail it once the window is over."""
    if key is not None and alive:
        requeue_if_lost(found, key, locale)
    elif key is None and utcnow() - found.created_at >= CARD_WINDOW and expire_stale():
        db.session.refresh(found)


def requeue_if_lost(roster_import: RosterImport, key: bytes, locale: str) -> bool:
    """Send a queued import again when no worker has taken it for REQUEUE_AFTER while a worker is
    alive (the broker lost the message, or the first send failed). Only the staff member's page
    can, since only their session holds the key; once per REQUEUE_AFTER however many tabs ask."""
    stamp = roster_import.updated_at
    if roster_import.status != ImportStatus.QUEUED or utcnow() - stamp < REQUEUE_AFTER:
        return False
    claimed = db.session.execute(update(RosterImport).where(
        RosterImport.id == roster_import.id, RosterImport.status == ImportStatus.QUEUED,
        RosterImport.updated_at == stamp).values(updated_at=utcnow())).rowcount
    db.session.commit()
    return bool(claimed) and enqueue(roster_import.id, key, locale)


def run(import_id: int, sealed_key: str, locale: str, *, last_try: bool = False) -> str | None:
    """The worker's part: check the rows against the database again, derive the passwords,
    hash them (two threads), then create every account and mark the import done in one
    transaction. Idempotent: a finished import is left alone, and the final state is written by
    conditional updates, so a redelivered or doubled job creates nobody twice. Returns the
    status reached (None if the import is gone)."""
    locale = locale if locale in _LOCALES else "zh_CN"
    found = db.session.get(RosterImport, import_id)
    if found is None or found.status in ImportStatus.FINAL:
        return found.status if found else None
    if utcnow() - found.created_at >= CARD_WINDOW:
        return _fail(import_id, [roster.RowError(None, TOO_LATE)], locale)
    key = _job_key(found, sealed_key)
    if key is None:   # not this import's key (a stale message for a replaced import, or forged)
        current_app.logger.warning("roster import %s: a job without its key was ignored", import_id)
        return found.status
    db.session.execute(update(RosterImport).where(
        RosterImport.id == import_id, RosterImport.status.not_in(ImportStatus.FINAL)).values(
        status=ImportStatus.RUNNING, tries=RosterImport.tries + 1, updated_at=utcnow()))
    db.session.commit()
    found = db.session.get(RosterImport, import_id)
    if found is None:   # the group was deleted meanwhile
        return None
    try:
        return _create(found, key, locale)
    except Exception:
        db.session.rollback()
        if not last_try:
            raise
        current_app.logger.exception("roster import %s failed after its last try", import_id)
        return _fail(import_id, [roster.RowError(None, WORKER_ERROR)], locale)


def stamp(found: RosterImport) -> str:
    """Names this import and no other: SQLite may give a replaced import's id to the next one,
    and a key kept for the old one must never be used to make or show the new one's passwords."""
    return f"{found.id}:{found.created_at.isoformat()}"


def _job_key(found: RosterImport, sealed: str) -> bytes | None:
    data = unseal(sealed, _JOB_PURPOSE, int(CARD_WINDOW.total_seconds()))
    try:
        payload = json.loads(data) if data is not None else None
        if isinstance(payload, dict) and payload.get("c") == stamp(found) and payload.get("i") == found.id:
            return base64.b64decode(payload["k"], validate=True)
    except (ValueError, TypeError, KeyError, binascii.Error):
        pass
    return None


TOO_LATE = _l("The list waited too long for the server, so nothing was created. Upload the list again.")
WORKER_ERROR = _l("The server could not create the accounts, so nothing was created. Upload the list again; "
                  "if it happens again, tell the administrator.")


def _create(found: RosterImport, key: bytes, locale: str) -> str | None:
    import_id = found.id
    actor, cohort = db.session.get(User, found.created_by_id), found.cohort
    if actor is None or not permissions.can_enrol_in(actor, cohort):
        return _fail(import_id, [roster.RowError(None, _l("Group not found."))], locale)
    rows = [roster.RosterRow(**r) for r in found.rows]
    errors, _ = roster.check_against_database(cohort, rows)
    if errors:
        return _fail(import_id, errors, locale)
    passwords = [one_time_password(key, import_id, r.line) for r in rows]
    hashes = accounts.hash_passwords(passwords)
    db.session.rollback()   # end the check's read: the short write transaction starts here
    claimed = db.session.execute(update(RosterImport).where(
        RosterImport.id == import_id, RosterImport.status.not_in(ImportStatus.FINAL)).values(
        status=ImportStatus.DONE, rows=[], finished_at=utcnow(), updated_at=utcnow())).rowcount
    if not claimed:   # another worker finished it meanwhile
        db.session.rollback()
        return db.session.get(RosterImport, import_id).status
    try:
        created = roster.add_accounts(actor, cohort, rows, passwords, hashes)
        db.session.flush()
        result = [{"line": row.line, "user_id": user.id, "login": user.login_name,
                   "h": accounts.password_fingerprint(user)} for row, user, _ in created]
        db.session.execute(update(RosterImport).where(RosterImport.id == import_id).values(result=result))
        db.session.commit()
    except roster.RowFailed as failed:
        db.session.rollback()
        return _fail(import_id, [failed.error], locale)
    except IntegrityError:
        db.session.rollback()
        return _fail(import_id, [roster.same_moment(rows[0].line)], locale)
    return ImportStatus.DONE


def _fail(import_id: int, errors: list[roster.RowError], locale: str) -> str | None:
    """Record the failure once, the reasons in the staff member's language (if not final yet)."""
    with force_locale(locale):
        stored = [{"line": e.line, "message": str(e.message)} for e in errors]
    db.session.rollback()
    db.session.execute(update(RosterImport).where(
        RosterImport.id == import_id, RosterImport.status.not_in(ImportStatus.FINAL)).values(
        status=ImportStatus.FAILED, errors=stored, rows=[], finished_at=utcnow(), updated_at=utcnow()))
    db.session.commit()
    found = db.session.get(RosterImport, import_id)
    return found.status if found else None   # None: the group (and its imports) went meanwhile


def expire_stale(now: datetime | None = None) -> int:
    """Fail the imports still waiting after CARD_WINDOW (no worker took them, and their key is
    gone from every session): the page says to upload the list again."""
    cutoff = (now or utcnow()) - CARD_WINDOW
    with force_locale("zh_CN"):
        stored = [{"line": None, "message": str(TOO_LATE)}]
    gone = db.session.execute(update(RosterImport).where(
        RosterImport.status.not_in(ImportStatus.FINAL), RosterImport.created_at < cutoff).values(
        status=ImportStatus.FAILED, errors=stored, rows=[], finished_at=utcnow(), updated_at=utcnow())).rowcount
    db.session.commit()
    return gone


def get_for(actor: User, cohort: Cohort, import_id: int) -> RosterImport:
    """The actor's own import into this cohort; NotFound for anyone else's or a made-up id."""
    found = db.session.get(RosterImport, import_id) if 0 < import_id <= ID_MAX else None
    if found is None or found.cohort_id != cohort.id or found.created_by_id != actor.id:
        raise NotFound(_l("This page does not exist or you cannot see it."))
    return found


def cards(found: RosterImport, key: bytes | None) -> list[Card]:
    """Everyone the import created, in file order, each with their one-time password if `key`
    is the import's and that password is still the account's unused one."""
    entries = found.result or []
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([e["user_id"] for e in entries])))}
    out = []
    for entry in entries:
        user = users.get(entry["user_id"])
        if user is None:
            continue
        shown = key is not None and accounts.one_time_password_unchanged(user, entry.get("h", ""))
        out.append(Card(entry["line"], user, one_time_password(key, found.id, entry["line"]) if shown else None))
    return out
