"""Confirmation pages for the staff actions that one more tap cannot undo.

The page's button posts `confirm=yes` with the CSRF token; any other request (the link's GET,
an older page's bare POST) only shows the page again, so nothing changes until staff confirm.
Works without JavaScript.
"""

from flask import render_template, request

from lms.staff.forms import ConfirmForm


def confirmed() -> bool:
    """True only for a POST from a confirmation page's button (CSRF checked)."""
    return ConfirmForm().validate_on_submit() and request.form.get("confirm") == "yes"


def render_confirm(*, question: str, details: list[str], action: str, button: str, cancel: str):
    """The confirmation page: what will happen, one confirm button, a way back."""
    return render_template("staff/confirm.html", question=question, details=details, action=action,
                           button=button, cancel=cancel, form=ConfirmForm(formdata=None))
