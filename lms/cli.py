"""The `lms` command: serve, seed-demo, courses, db (Flask-Migrate)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app(*_args):
    from lms import create_app

    return create_app()


def worker_command(concurrency: int = 2) -> list[str]:
    """The Celery worker process `lms serve` runs beside the web server."""
    return [
        # --quiet drops the start-up banner; task and error logs still go to stderr.
        sys.executable, "-m", "celery", "-A", "lms.worker:celery_app", "--quiet", "worker",
        "--pool", "threads", "--concurrency", str(concurrency), "--loglevel", "INFO",
        "-n", f"lms-{os.getpid()}@{socket.gethostname()}", "--without-gossip", "--without-mingle",
    ]


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create the demo village, school and accounts (idempotent)."""
    from lms.services.demo import seed_demo

    for username, role in seed_demo():
        click.echo(f"{username:10s} {role}")


def prepare_database(demo: bool) -> None:
    """Create or upgrade the schema, sync courses, seed demo data if asked."""
    from lms.database import upgrade_to_head

    upgrade_to_head()
    sync = current_app.extensions.get("lms.course_sync")
    if sync:
        sync()
    if demo:
        from lms.services.demo import seed_demo

        seed_demo()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Seed the demo village, school and accounts.")
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--worker/--no-worker", default=True, help="Run a Celery worker beside the web server.")
@with_appcontext
def serve_command(host: str, port: int, demo: bool, threads: int, worker: bool) -> None:
    """Run the production WSGI server (waitress) and a Celery worker together."""
    from waitress import serve

    started = time.monotonic()
    prepare_database(demo)
    proc = subprocess.Popen(worker_command()) if worker else None
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"Xiangshang Academy ready in {time.monotonic() - started:.1f}s: {url}")
    click.echo(f"Database: {current_app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    click.echo(f"Queue broker: {current_app.config['CELERY']['broker_url'].split('@')[-1]}")
    if demo:
        password = current_app.config["DEMO_PASSWORD"]
        click.echo(f"Demo logins (password {password}): admin, teacher1, mentor1, learner1 … learner5")

    def _stop(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        serve(current_app._get_current_object(), host=host, port=port, threads=threads,
              ident="xiangshang")
    except KeyboardInterrupt:
        pass
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def register_commands(app) -> None:
    from lms.catalog_app import courses_group

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(serve_command)
    app.cli.add_command(courses_group)


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """Xiangshang Academy (乡商学堂) management commands."""


if __name__ == "__main__":
    main()
