from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from lms.auth import routes  # noqa: F401
