from flask import Blueprint

bp = Blueprint("school", __name__, url_prefix="/school")

from lms.school import routes  # noqa: F401
