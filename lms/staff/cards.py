"""Sign-in cards: a QR code that opens the sign-in page with the learner's name filled in."""

import segno
from flask import url_for
from markupsafe import Markup

from lms.staff.blueprint import bp


@bp.app_template_global()
def signin_url(login_name: str) -> str:
    """The sign-in page with this login name filled in (what the card's QR code opens)."""
    return url_for("auth.login", u=login_name, _external=True)


@bp.app_template_global()
def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (no script, no style attribute: fine under the CSP)."""
    svg = segno.make(text, error="m").svg_inline(border=2, svgclass="qr", omitsize=True, title=None)
    return Markup(svg)
