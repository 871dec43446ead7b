from flask import Blueprint

bp = Blueprint("mentor", __name__, url_prefix="/mentor")

from lms.mentor import routes  # noqa: F401
