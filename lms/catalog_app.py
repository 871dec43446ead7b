"""Wires the file catalog into the app: `lms courses check|sync` and the sync `lms serve` runs."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import with_appcontext

from courses.loader import check_catalog, load_catalog
from courses.summary import catalog_summary


def sync_from_files() -> list[str]:
    """Load the content files and sync them into the database; returns the change lines."""
    from lms.services.catalog import sync_catalog

    return sync_catalog(load_catalog()).lines()


def init_app(app: Flask) -> None:
    """Let `lms serve` sync courses on start (see `lms.cli.prepare_database`)."""
    from lms.services.placement import placements_for
    from lms.services.progress import tracks

    app.extensions["lms.course_sync"] = sync_from_files
    # the cohort page's track-override form (cohorts/_tracks.html) reads these
    app.jinja_env.globals.update(learner_placements=placements_for, active_tracks=tracks)


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
    lines = sync_from_files()
    for line in lines:
        click.echo(line)
    click.echo(f"{len(lines)} change(s)" if lines else "already up to date")
