"""Xiangshang Academy: the Flask application factory."""

from __future__ import annotations

from flask import Flask

from lms.config import Config


def create_app(config: object | None = None) -> Flask:
    """Build the app: config → extensions → queue → blueprints → CLI. No I/O beyond config."""
    cfg = config or Config()
    app = Flask(__name__, instance_path=getattr(cfg, "INSTANCE_PATH", None))
    app.config.from_object(cfg)

    from lms import assets, database, i18n, queue, security, web
    from lms.extensions import compress, csrf, db, limiter, migrate

    database.init_app(app)
    migrate.init_app(app, db, directory=str(database.MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    security.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    queue.celery_init_app(app)
    web.init_app(app)

    from lms.cli import register_commands

    register_commands(app)
    return app
