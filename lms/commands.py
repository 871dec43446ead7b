"""The app's commands: serve, seed-demo, courses check|sync, i18n compile."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from courses.loader import check_catalog
from courses.summary import catalog_summary


def prepare_database(demo: bool) -> None:
    """Create or upgrade the schema, sync courses, seed demo data if asked."""
    from lms.database import upgrade_to_head
    from lms.services.catalog import sync_from_files

    upgrade_to_head()
    sync_from_files()
    if demo:
        from lms.services.demo import seed_demo

        seed_demo()


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo village, school and accounts (idempotent)."""
    from lms.services.demo import seed_demo

    for username, role in seed_demo():
        click.echo(f"{username:10s} {role}")


def default_workers() -> int:
    """One web process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _gunicorn_available() -> bool:
    """gunicorn runs where fork() does (Linux, macOS); waitress everywhere else."""
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def _run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """gunicorn's arbiter in this process: `workers` processes with `threads` threads each.
    Each process builds its own app from the one entry point (lms.wsgi) after the fork, so no
    database connection or lock crosses a fork; a worker that dies is replaced."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads,
                "worker_class": "gthread", "timeout": 60, "graceful_timeout": 15, "keepalive": 5,
                "proc_name": "xiangshang", "errorlog": "-", "loglevel": "warning",
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from lms.wsgi import app

            return app

    Server().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Seed the demo village, school and accounts.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Web processes (default: one per CPU core; 1 runs waitress in this process).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Threads per web process.")
@click.option("--worker/--no-worker", default=True, help="Run a supervised Celery worker beside the web server.")
@with_appcontext
def serve_command(host: str, port: int, demo: bool, workers: int | None, threads: int, worker: bool) -> None:
    """Run the production web server (gunicorn, one process per core; waitress where gunicorn
    cannot run) and a supervised Celery worker together."""
    from lms.extensions import db
    from lms.supervisor import Supervisor, worker_command

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    started = time.monotonic()
    prepare_database(demo)
    db.engine.dispose()  # the web processes open their own connections
    workers = workers or default_workers()
    multi = workers > 1 and _gunicorn_available()
    supervisor = Supervisor(worker_command(), name="celery worker").start() if worker else None
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"Xiangshang Academy ready in {time.monotonic() - started:.1f}s: {url}")
    click.echo(f"Web: {workers if multi else 1} process(es) × {threads} threads "
               f"({'gunicorn' if multi else 'waitress'})")
    click.echo(f"Database: {current_app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    click.echo(f"Queue broker: {current_app.config['CELERY']['broker_url'].split('@')[-1]}")
    if multi and current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        click.echo(f"Note: rate limits are counted in each of the {workers} processes "
                   "(set RATELIMIT_STORAGE_URI to Redis to count them together).")
    if demo:
        password = current_app.config["DEMO_PASSWORD"]
        click.echo(f"Demo logins (password {password}): admin, teacher1, mentor1, learner1 … learner5")

    def _stop(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        if multi:
            _run_gunicorn(host, port, workers, threads)  # handles TERM/INT itself, then exits
        else:
            from waitress import serve

            serve(current_app._get_current_object(), host=host, port=port, threads=threads,
                  ident="xiangshang")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if supervisor:
            supervisor.stop()


@click.group("courses")
def courses_group() -> None:
    """Validate and sync the course catalog."""


@courses_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog summary as JSON.")
def check_command(as_json: bool) -> None:
    """Validate every content file; exit 1 listing every error as file:line: message."""
    catalog, errors = check_catalog()
    if errors or catalog is None:
        for error in errors:
            click.echo(str(error), err=True)
        raise SystemExit(1)
    if as_json:
        click.echo(json.dumps(catalog_summary(catalog), ensure_ascii=False))
    else:
        click.echo(f"ok: {len(catalog.tracks)} tracks, {len(catalog.courses)} courses, "
                   f"{len(catalog.lessons)} lessons, {len(catalog.tasks)} tasks")


@courses_group.command("sync")
@with_appcontext
def sync_command() -> None:
    """Load the catalog into the database (idempotent) and print what changed."""
    from lms.services.catalog import sync_from_files

    lines = sync_from_files().lines()
    for line in lines:
        click.echo(line)
    click.echo(f"{len(lines)} change(s)" if lines else "already up to date")


@click.group("i18n")
def i18n_group() -> None:
    """Translation catalogs."""


@i18n_group.command("compile")
def compile_command() -> None:
    """Compile the .po catalogs to the .mo files the app reads (commit them)."""
    from lms.i18n import TRANSLATIONS
    from lms.i18n_catalog import compile_catalogs

    for path in compile_catalogs(TRANSLATIONS):
        click.echo(f"wrote {path}")


def register_commands(app) -> None:
    for command in (seed_demo_command, serve_command, courses_group, i18n_group):
        app.cli.add_command(command)
