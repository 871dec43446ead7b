"""The admin's user list: find anyone, print a new sign-in card, deactivate and reactivate."""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import role_required
from lms.admin.blueprint import bp
from lms.admin.forms import ROLE_LABELS, UserSearchForm
from lms.models import Role, User
from lms.services import users
from lms.services.errors import DomainError, Invalid
from lms.staff.cards import CARD_MINUTES, keep_card, kept_card
from lms.staff.confirm import confirmed, render_confirm
from lms.staff.forms import ConfirmForm

_DIGITS = re.compile(r"[0-9]+")


def page_number(raw: str | None) -> int:
    """`?page=` as a page number: what is not a number (abc, -1) is the first page; a number
    past the end (999999, a hundred digits) is clamped to the last page by the search."""
    if not raw or not _DIGITS.fullmatch(raw):
        return 1
    return int(raw) if len(raw) <= 9 else 10**9


def _back_to(user: User) -> str:
    """The user list, searched for this account (where the action started)."""
    return url_for("admin.user_list", q=user.login_name)


def _who(user: User) -> str:
    return _("%(name)s (%(role)s, sign-in name %(login)s)", name=user.display_name,
             role=ROLE_LABELS.get(user.role, user.role), login=user.login_name)


@bp.get("/users")
@role_required(Role.ADMIN)
def user_list():
    """Search by name, username or mobile number, filter by role, 50 a page; a bad search is
    explained on the form (400), never a 500."""
    form = UserSearchForm(request.args)
    result = None
    if form.validate():
        try:
            result = users.search(current_user, form.q.data, form.role.data or None,
                                  page_number(request.args.get("page")))
        except Invalid as error:
            form.q.errors.append(error.message)
    # what the page links (previous/next) keep; url_for leaves out the empty ones
    filters = {"q": users.clean_query(form.q.data) or None, "role": form.role.data or None}
    return render_template("admin/users.html", form=form, result=result, filters=filters,
                           roles=ROLE_LABELS), 200 if result is not None else 400


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reset_password(user_id: int):
    """A new one-time password and its printable card, once confirmed."""
    user = users.get_user(current_user, user_id)
    if user.id == current_user.id:
        flash(users.SELF_RESET, "error")
        return redirect(_back_to(user), code=303)
    if not confirmed():
        details = [_("%(who)s gets a new one-time password.", who=_who(user)),
                   _("The current password stops working at once, and %(name)s is signed out on every "
                     "phone. Give them the new card: they sign in with it and choose a new password.",
                     name=user.display_name)]
        if not user.is_active_account:
            details.append(_("This account is deactivated: reactivate it too, or the card will not sign in."))
        return render_confirm(
            question=_("Make a new sign-in card for %(name)s?", name=user.display_name), details=details,
            action=url_for("admin.reset_password", user_id=user.id), button=_("Yes, make a new card"),
            cancel=_back_to(user))
    otp = users.do_reset_password(current_user, user)
    keep_card(user, otp)
    return redirect(url_for("admin.card_page", user_id=user.id), code=303)


@bp.get("/users/<int:user_id>/card")
@role_required(Role.ADMIN)
def card_page(user_id: int):
    """The printable card of a password just made; a reload never makes another (see staff.cards)."""
    user = users.get_user(current_user, user_id)
    otp = kept_card(user)
    if otp is None:
        return render_template("staff/card_gone.html", person=user, card_minutes=CARD_MINUTES,
                               new_card=url_for("admin.reset_password", user_id=user.id), back=_back_to(user),
                               back_label=_("Back to the user list"))
    return render_template("admin/card.html", person=user, otp=otp, role=ROLE_LABELS.get(user.role, user.role))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def deactivate(user_id: int):
    """Stop an account signing in and sign it out everywhere, once confirmed."""
    user = users.get_user(current_user, user_id)
    if user.id == current_user.id:
        flash(users.SELF_DEACTIVATE, "error")
        return redirect(_back_to(user), code=303)
    if not user.is_active_account:
        flash(_l("%(name)s is already deactivated.", name=user.display_name), "info")
        return redirect(_back_to(user), code=303)
    if not confirmed():
        return render_confirm(
            question=_("Deactivate the account of %(name)s?", name=user.display_name),
            details=[_("%(who)s is signed out at once, on every phone and computer, and cannot sign in "
                       "until an admin reactivates the account.", who=_who(user)),
                     _("Nothing is deleted: their work, scores and groups are kept.")],
            action=url_for("admin.deactivate", user_id=user.id), button=_("Yes, deactivate"),
            cancel=_back_to(user))
    try:
        users.do_deactivate(current_user, user)
    except DomainError as error:   # another admin deactivated this admin a moment ago
        flash(error.message, "error")
        return redirect(_back_to(user), code=303)
    flash(_l("%(name)s was deactivated and signed out everywhere.", name=user.display_name), "success")
    return redirect(_back_to(user), code=303)


@bp.post("/users/<int:user_id>/reactivate")
@role_required(Role.ADMIN)
def reactivate(user_id: int):
    """Let a deactivated account sign in again (one tap: it undoes nothing the owner made)."""
    user = users.get_user(current_user, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if users.do_reactivate(current_user, user):
        flash(_l("%(name)s can sign in again.", name=user.display_name), "success")
    return redirect(_back_to(user), code=303)
