"""Configuration from the environment; the instance folder holds everything local."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from lms.instance import read_secret_key


def instance_path() -> Path:
    """The folder for SQLite files, the secret key and other local state (`LMS_INSTANCE`)."""
    return Path(os.environ.get("LMS_INSTANCE", "instance")).resolve()


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Settings read from the environment when the app is created (reads, never writes)."""

    def __init__(self) -> None:
        folder = instance_path()
        self.INSTANCE_PATH = str(folder)
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or read_secret_key(folder)  # else prepare_instance
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'lms.sqlite'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        broker = os.environ.get("CELERY_BROKER_URL") or f"sqla+sqlite:///{folder / 'broker.sqlite'}"
        self.CELERY = {
            "broker_url": broker,
            "task_ignore_result": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "broker_connection_retry_on_startup": True,
            "task_always_eager": False,
        }
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        self.LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LMS_LOGIN_LIMIT", "20 per minute")
        self.LOGIN_LOCKOUT_FAILURES = int(os.environ.get("LMS_LOCKOUT_FAILURES", "5"))
        self.LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LMS_LOCKOUT_MINUTES", "15"))
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("LMS_SESSION_HOURS", "12")))
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        secure = os.environ.get("LMS_SECURE_COOKIES", "0") == "1"
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_SECURE = secure
        self.API_TOKEN_DAYS = int(os.environ.get("LMS_API_TOKEN_DAYS", "30"))
        self.BABEL_DEFAULT_LOCALE = "zh_CN"
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("LMS_TIMEZONE", "Asia/Shanghai")
        self.LANGUAGES = ["zh_CN", "en"]
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_MIMETYPES = [
            "text/html", "text/css", "text/plain", "application/javascript",
            "text/javascript", "application/json", "image/svg+xml",
        ]
        self.COMPRESS_MIN_SIZE = 256
        self.SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)
        self.MAX_CONTENT_LENGTH = int(os.environ.get("LMS_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
        self.WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: slow phones keep forms open
        self.PASSWORD_HASH_METHOD = os.environ.get("LMS_PASSWORD_HASH", "scrypt")
        self.DEMO_PASSWORD = os.environ.get("LMS_DEMO_PASSWORD", "demo1234")


class TestConfig(Config):
    """Config for tests: in-memory rate limits and a lighter scrypt work factor."""

    TESTING = True

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SERVER_NAME = None
        self.RATELIMIT_STORAGE_URI = "memory://"
        # Still scrypt, with a smaller work factor so hundreds of test accounts stay fast.
        self.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
