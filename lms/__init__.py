"""Xiangshang Academy: the Flask application factory."""

from __future__ import annotations

from flask import Flask


def create_app(config: object | None = None) -> Flask:
    """Build the app: config → HTTP edge → extensions → queue → blueprints → errors → CLI. No I/O."""
    from lms import access, assets, commands, database, errors, http, i18n, queue, security
    from lms.admin.routes import bp as admin_bp
    from lms.api.routes import bp as api_bp
    from lms.auth.routes import bp as auth_bp
    from lms.config import Config
    from lms.extensions import compress, csrf, db, limiter, migrate
    from lms.learn.routes import bp as learn_bp
    from lms.main.routes import bp as main_bp
    from lms.staff import bp as staff_bp

    cfg = config or Config()
    app = Flask(__name__, instance_path=getattr(cfg, "INSTANCE_PATH", None))
    app.config.from_object(cfg)
    http.init_app(app)  # first: bounded ids for every route added below

    database.init_app(app)
    migrate.init_app(app, db, directory=str(database.MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    security.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    access.init_app(app)
    queue.celery_init_app(app)
    for bp in (main_bp, auth_bp, learn_bp, staff_bp, admin_bp, api_bp):
        app.register_blueprint(bp)
    errors.init_app(app)
    commands.register_commands(app)
    return app
