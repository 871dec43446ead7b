"""The staff blueprint: one surface for mentors, teachers and admins."""

from flask import Blueprint

from lms.models import Role

bp = Blueprint("staff", __name__)

STAFF = (Role.MENTOR, Role.TEACHER, Role.ADMIN)
