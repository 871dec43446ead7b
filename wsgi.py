"""WSGI entry for gunicorn/waitress: `gunicorn wsgi:app`; Celery: `celery -A wsgi:celery_app worker`."""

from lms import create_app

app = create_app()
celery_app = app.extensions["celery"]
