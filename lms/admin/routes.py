"""Admin home: villages and schools, their groups, and staff accounts."""

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from lms.access import role_required
from lms.admin import catalog, people  # noqa: F401  (their routes register on bp)
from lms.admin.blueprint import bp
from lms.admin.forms import OrganisationForm, StaffForm
from lms.extensions import db
from lms.models import Organisation, Role, User
from lms.services import accounts, orgs
from lms.services.errors import DomainError

__all__ = ["bp"]


def _staff_form() -> StaffForm:
    form = StaffForm()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    form.org_id.choices = [SelectChoice(o.id, o.name) for o in organisations]
    return form


def _render(org_form=None, staff_form=None, status=200):
    organisations = list(db.session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name)))
    role_counts = dict(db.session.execute(select(User.role, func.count(User.id)).group_by(User.role)).all())
    cohorts = orgs.visible_cohorts(current_user)
    counts = orgs.learner_counts([c.id for c in cohorts])
    return render_template(
        "admin/home.html", organisations=organisations, role_counts=role_counts, cohorts=cohorts,
        counts=counts, org_form=org_form or OrganisationForm(), staff_form=staff_form or _staff_form(),
    ), status


@bp.get("/")
@role_required(Role.ADMIN)
def home():
    return _render()


@bp.post("/organisations")
@role_required(Role.ADMIN)
def create_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = orgs.do_create_organisation(form.kind.data, form.name.data, form.region.data or None)
        except DomainError as error:
            form.name.errors.append(error.message)
        else:
            flash(_l("%(name)s was added.", name=org.name), "success")
            return redirect(url_for("admin.home"), code=303)
    return _render(org_form=form, status=400)


@bp.post("/staff")
@role_required(Role.ADMIN)
def create_staff():
    form = _staff_form()
    if form.validate_on_submit():
        try:
            user = accounts.do_create_user(
                display_name=form.display_name.data, password=form.password.data,
                username=form.username.data, phone=form.phone.data or None,
                role=Role(form.role.data), org_id=form.org_id.data, created_by=current_user,
                must_change_password=True,
            )
        except DomainError as error:
            getattr(form, error.field or "username", form.username).errors.append(error.message)
        else:
            flash(_l("Account %(name)s was created.", name=user.login_name), "success")
            return redirect(url_for("admin.home"), code=303)
    return _render(staff_form=form, status=400)
