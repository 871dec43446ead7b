"""The learner's pages."""

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import role_required
from lms.learn import bp
from lms.learn.forms import JoinForm
from lms.models import Role
from lms.services import orgs
from lms.services.errors import DomainError


@bp.get("/")
@role_required(Role.LEARNER)
def home():
    return render_template("learn/home.html", memberships=current_user.memberships, join_form=JoinForm())


@bp.post("/join")
@role_required(Role.LEARNER)
def join():
    form = JoinForm()
    if form.validate_on_submit():
        try:
            cohort = orgs.do_join_cohort(current_user, form.join_code.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_l("You joined %(name)s.", name=cohort.name), "success")
    else:
        flash(_l("Please enter the join code your mentor or teacher gave you."), "error")
    return redirect(url_for("learn.home"), code=303)
