from flask import Blueprint

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")

from lms.cohorts import assignment_routes, routes  # noqa: F401
