"""The admin blueprint; its pages live in routes (home), people and catalog."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
