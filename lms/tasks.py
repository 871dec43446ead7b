"""Celery tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from lms.services import roster_imports, submissions


@shared_task(name="lms.ping")
def ping() -> str:
    """Round-trip check used by `lms serve` smoke checks and tests."""
    return "pong"


@shared_task(name="lms.process_attempt", bind=True, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(Exception,), max_retries=4, retry_backoff=2, retry_backoff_max=300,
             retry_jitter=True)
def process_attempt(self, attempt_id: int) -> str | None:
    """Transcribe and critique one submission. Idempotent (a finished attempt is left alone);
    acknowledged only when done, so a worker killed mid-job leaves it for another worker; on the
    last retry the service records the failure instead of raising."""
    return submissions.process(attempt_id, last_try=self.request.retries >= self.max_retries)


@shared_task(name="lms.sweep_attempts")
def sweep_attempts() -> dict[str, int]:
    """Re-queue submissions stuck past their deadline (see submissions.sweep)."""
    return submissions.sweep()


@shared_task(name="lms.import_roster", bind=True, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(Exception,), max_retries=3, retry_backoff=2, retry_backoff_max=60,
             retry_jitter=True)
def import_roster(self, import_id: int, sealed_key: str, locale: str) -> str | None:
    """Create the accounts of a class list confirmed on the web, all or nothing. Idempotent (a
    finished import is left alone); the key arrives sealed; on the last retry the service
    records the failure instead of raising."""
    return roster_imports.run(import_id, sealed_key, locale, last_try=self.request.retries >= self.max_retries)
