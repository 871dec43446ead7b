"""Celery tasks: thin wrappers that take ids and call one service."""

from celery import shared_task


@shared_task(name="lms.ping")
def ping() -> str:
    """Round-trip check used by `lms serve` smoke checks and tests."""
    return "pong"
