"""Sign in and out, register with a join code, change password."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from lms.access import home_url, safe_target
from lms.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from lms.extensions import limiter
from lms.services import accounts, orgs
from lms.services.errors import DomainError

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _account_key() -> str:
    """Per-account throttle key: the name typed on the form, whatever the address."""
    return "login:" + (request.form.get("login") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit("10 per 10 minutes", key_func=_account_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.login.data, form.password.data)
        except DomainError as error:
            form.password.errors.append(error.message)
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_target(request.args.get("next")), code=303)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_l("You have signed out."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegisterForm(join_code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            user = orgs.do_register_with_join_code(
                join_code=form.join_code.data, display_name=form.display_name.data,
                password=form.password.data, username=form.username.data or None,
                phone=form.phone.data or None,
            )
        except DomainError as error:
            getattr(form, error.field or "join_code", form.join_code).errors.append(error.message)
        else:
            login_user(user, remember=True)
            flash(_l("Welcome! Your account is ready."), "success")
            return redirect(home_url(), code=303)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.do_change_password(current_user, form.current.data, form.new.data)
        except DomainError as error:
            getattr(form, error.field or "new", form.new).errors.append(error.message)
        else:
            login_user(current_user._get_current_object(), remember=True)  # re-issue the session with the new version
            flash(_l("Your password has been changed."), "success")
            return redirect(home_url(), code=303)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/password.html", form=form), status
