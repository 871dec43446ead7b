"""Sign in and out, register with a join code, change password."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from lms.access import home_url, safe_target
from lms.auth import throttle
from lms.auth.forms import ChangePasswordForm, FirstPasswordForm, LoginForm, RegisterForm
from lms.extensions import limiter
from lms.services import accounts, orgs
from lms.services.errors import DomainError

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.address_limit, methods=["POST"])
@limiter.limit(throttle.account_limit, key_func=throttle.account_key, methods=["POST"],
               deduct_when=throttle.failed, exempt_when=throttle.known_device)
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if request.method == "GET" and request.args.get("u"):  # opened from a sign-in card's QR code
        form.login.data = request.args.get("u", "")[:60]
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.login.data, form.password.data)
        except DomainError as error:
            form.password.errors.append(error.message)
        else:
            _sign_in(user, remember=form.remember.data)
            response = redirect(safe_target(request.args.get("next")), code=303)
            throttle.remember_device(response, user)
            return response
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/login.html", form=form), status


def _sign_in(user, remember: bool) -> None:
    accounts.start_session(user)
    login_user(user, remember=remember)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.end_session(current_user._get_current_object())
    session.clear()  # nothing of the signed-in person stays in the browser (cards kept for printing…)
    logout_user()
    flash(_l("You have signed out."), "info")
    response = redirect(url_for("auth.login"), code=303)
    # pages kept for revalidation (learner home, courses) leave a shared phone's cache too
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(throttle.address_limit, methods=["POST"])
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
            _sign_in(user, remember=True)
            flash(_l("Welcome! Your account is ready."), "success")
            return redirect(home_url(), code=303)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    first = accounts.signed_in_with_card(current_user)
    form = FirstPasswordForm() if first else ChangePasswordForm()
    if form.validate_on_submit():
        try:
            if first:
                accounts.do_set_first_password(current_user, form.new.data)
            else:
                accounts.do_change_password(current_user, form.current.data, form.new.data)
        except DomainError as error:
            getattr(form, error.field or "new", form.new).errors.append(error.message)
        else:
            flash(_l("Your password has been changed."), "success")
            return redirect(home_url(), code=303)
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("auth/password.html", form=form, first=first), status
