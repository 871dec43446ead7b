"""Entry point for `celery -A lms.worker worker`: one Flask app and its Celery app."""

from lms import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
