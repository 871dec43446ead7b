"""Flask extension singletons; this module imports nothing of ours."""

from flask import request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# Requests that never touch the session: no cookie and no `Vary: Cookie`, so a shared cache may
# keep them (hashed static files, the health check).
NO_SESSION_ENDPOINTS = frozenset({"static", "assets.asset", "main.healthz"})


class _LoginManager(LoginManager):
    """Flask-Login, except that it leaves the session alone on NO_SESSION_ENDPOINTS: its
    remember-cookie check reads the session on every response, which adds `Vary: Cookie`."""

    def _update_remember_cookie(self, response):
        if request.endpoint in NO_SESSION_ENDPOINTS:
            return response
        return super()._update_remember_cookie(response)


login_manager = _LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
limiter = Limiter(key_func=get_remote_address)
