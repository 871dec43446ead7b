"""The one entry point that builds an app for servers and workers.

gunicorn: `gunicorn wsgi:app` (or `lms.wsgi:app`); Celery: `celery -A lms.wsgi:celery_app worker`.
"""

from lms import create_app
from lms.instance import prepare_instance

app = create_app()
prepare_instance(app)
celery_app = app.extensions["celery"]
