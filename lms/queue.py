"""Celery wired the Flask way, and worker heartbeats so /healthz can tell a live queue."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

from celery import Celery, Task, signals
from flask import Flask
from sqlalchemy import delete, func, select

from lms.clock import utcnow
from lms.extensions import db
from lms.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 5
HEARTBEAT_STALE = timedelta(seconds=20)
FORGET_AFTER = timedelta(days=1)


def celery_init_app(app: Flask) -> Celery:
    """A Celery app whose tasks run inside a Flask app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    celery_app.flask_app = app
    app.extensions["celery"] = celery_app
    import lms.tasks  # noqa: F401  (register shared tasks)

    return celery_app


def beat(app: Flask, hostname: str) -> None:
    """Record that this worker is alive now."""
    with app.app_context():
        row = db.session.get(WorkerHeartbeat, hostname)
        if row is None:
            db.session.add(WorkerHeartbeat(hostname=hostname, seen_at=utcnow()))
        else:
            row.seen_at = utcnow()
        # Forget workers that have been gone for a day (each start has a new hostname).
        db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at < utcnow() - FORGET_AFTER))
        db.session.commit()
        db.session.remove()


def sweep(app: Flask) -> None:
    """Re-queue submissions a dead worker or a lost message left pending, and fail class-list
    imports whose key has expired (only the staff member's page can re-queue those): at every
    worker start and then every SWEEP_SECONDS (every worker sweeps; re-queueing twice is
    harmless because processing an attempt is idempotent)."""
    from lms.services import roster_imports, submissions

    with app.app_context():
        try:
            found = submissions.sweep()
            found["roster_imports_expired"] = roster_imports.expire_stale()
            if any(found.values()):
                app.logger.info("sweeper: %s", found)
        except Exception:
            app.logger.exception("submission sweep failed")
        finally:
            db.session.remove()


def queue_alive() -> bool:
    """True when some worker wrote a heartbeat recently."""
    newest = db.session.scalar(select(func.max(WorkerHeartbeat.seen_at)))
    return newest is not None and utcnow() - newest < HEARTBEAT_STALE


_stop = threading.Event()


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **_kwargs) -> None:
    """Write a heartbeat every few seconds for as long as this worker runs."""
    app: Flask = sender.app.flask_app
    hostname = getattr(sender, "hostname", None) or socket.gethostname()

    def loop() -> None:
        last_sweep = None
        while not _stop.is_set():
            try:
                beat(app, hostname)
            except Exception:
                app.logger.exception("worker heartbeat failed")
            now = time.monotonic()
            if last_sweep is None or now - last_sweep >= app.config["SWEEP_SECONDS"]:
                last_sweep = now
                sweep(app)
            _stop.wait(HEARTBEAT_SECONDS)

    threading.Thread(target=loop, name="lms-heartbeat", daemon=True).start()


@signals.worker_shutdown.connect
def _stop_heartbeat(**_kwargs) -> None:
    _stop.set()
