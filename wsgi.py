"""WSGI entry from the project root: `gunicorn wsgi:app`; Celery: `celery -A wsgi:celery_app worker`."""

from lms.wsgi import app, celery_app

__all__ = ["app", "celery_app"]
