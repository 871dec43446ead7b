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
        # Wrong passwords per name typed (from any address), counted only when they fail: the
        # limits widen like a backoff. A phone that has signed in to the account before is exempt.
        self.LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LMS_LOGIN_LIMIT_PER_ACCOUNT",
                                                      "5 per minute;30 per hour;100 per day")
        # Join codes typed by a signed-in learner (codes are short, so they are throttled too).
        self.JOIN_LIMIT_PER_USER = os.environ.get("LMS_JOIN_LIMIT_PER_USER", "10 per minute;50 per day")
        # Points the LLM wanted to move the rules' criterion scores by before a human looks.
        self.REVIEW_DISAGREEMENT_POINTS = int(os.environ.get("LMS_REVIEW_DISAGREEMENT_POINTS", "25"))
        self.ONE_TIME_PASSWORD_DAYS = int(os.environ.get("LMS_ONE_TIME_PASSWORD_DAYS", "14"))
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("LMS_SESSION_HOURS", "12")))
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_HTTPONLY = True
        # re-sent only when the session changed or a tenth of its lifetime passed (lms.security)
        self.SESSION_REFRESH_EACH_REQUEST = False
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
        # Practice submissions: one place for every limit a learner can hit (SPEC §5).
        self.TEXT_MAX_CHARS = int(os.environ.get("LMS_TEXT_MAX_CHARS", "5000"))
        # how often a web process compares its in-memory catalog with the newest sync (seconds)
        self.CATALOG_CHECK_SECONDS = float(os.environ.get("LMS_CATALOG_CHECK_SECONDS", "2"))
        self.AUDIO_MAX_BYTES = int(os.environ.get("LMS_AUDIO_MAX_BYTES", str(10 * 1024 * 1024)))
        self.AUDIO_MAX_SECONDS = float(os.environ.get("LMS_AUDIO_MAX_SECONDS", "300"))
        # A request may carry one recording plus the form fields; anything bigger is refused
        # by the server before it is read (413), smaller oversize audio by the submission check.
        self.MAX_CONTENT_LENGTH = self.AUDIO_MAX_BYTES + 512 * 1024
        # Feedback work on the workers: how long a step may sit before the sweeper re-queues it,
        # and how many times an attempt is tried before the page says feedback is delayed.
        self.ATTEMPT_STUCK_SECONDS = float(os.environ.get("LMS_ATTEMPT_STUCK_SECONDS", "600"))
        self.ATTEMPT_MAX_TRIES = int(os.environ.get("LMS_ATTEMPT_MAX_TRIES", "5"))
        self.SWEEP_SECONDS = float(os.environ.get("LMS_SWEEP_SECONDS", "30"))
        # The tutor's optional LLM (any OpenAI-compatible endpoint) and the Whisper model, read
        # here so the app, not the library, decides; empty base URL or model = rules only.
        self.TUTOR_LLM = {
            "base_url": os.environ.get("TUTOR_LLM_BASE_URL", ""),
            "model": os.environ.get("TUTOR_LLM_MODEL", ""),
            "api_key": os.environ.get("TUTOR_LLM_API_KEY") or None,
            "timeout": float(os.environ.get("TUTOR_LLM_TIMEOUT", "30")),
            "max_retries": int(os.environ.get("TUTOR_LLM_MAX_RETRIES", "2")),
            "daily_limit": int(os.environ.get("TUTOR_LLM_DAILY_LIMIT", "30")),
        }
        self.WHISPER_MODEL = os.environ.get("WHISPER_MODEL") or None
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
        self.CATALOG_CHECK_SECONDS = 0.0  # a sync or a test's catalog change is seen at once
        # Still scrypt, with a smaller work factor so hundreds of test accounts stay fast.
        self.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
