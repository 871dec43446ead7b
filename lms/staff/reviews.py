"""The review queue: submissions that need a human, one review page each, and its audio."""

import uuid

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import role_required
from lms.extensions import db
from lms.models import AttemptAudio
from lms.services import feedback, reviews, submissions
from lms.services.errors import DomainError, NotFound
from lms.staff.blueprint import STAFF, bp
from lms.staff.forms import ReviewForm


@bp.get("/reviews")
@role_required(*STAFF)
def review_queue():
    """Every submission of the reviewer's learners that needs a human, the learners' own
    requests first, then oldest first."""
    queue = reviews.queue_for(current_user)
    return render_template("staff/reviews.html", queue=queue, why=reviews.why, limit=reviews.QUEUE_MAX)


def render_review(attempt, form: ReviewForm | None = None, status: int = 200):
    critique = attempt.critique
    d = attempt.task_version.definition
    page = render_template(
        "staff/review.html", attempt=attempt, task=attempt.task_version.task, learner=attempt.user,
        d=d, critique=critique, findings=feedback.numbered(critique) if critique else [],
        fields=[f for f in ("title", "body", "reply", "text") if (attempt.answers or {}).get(f)],
        labels=submissions.FIELD_LABELS, why=reviews.why(attempt), history=reviews.reviews_of(attempt),
        timeline=feedback.timeline(attempt.transcript, critique) if attempt.transcript else None,
        form=form or ReviewForm(formdata=None, key=uuid.uuid4().hex))
    return page, status


@bp.get("/reviews/<int:attempt_id>")
@role_required(*STAFF)
def review(attempt_id: int):
    return render_review(reviews.get_for_review(current_user, attempt_id))


@bp.post("/reviews/<int:attempt_id>")
@role_required(*STAFF)
def save_review(attempt_id: int):
    attempt = reviews.get_for_review(current_user, attempt_id)
    form = ReviewForm()
    passed = {"yes": True, "no": False}.get(form.passed.data)
    if not form.validate_on_submit():
        if not form.reason.errors and reviews.needs_reason(attempt, form.score.data, passed, form.reason.data):
            form.reason.errors = [*form.reason.errors, _l("Please say why you change the score.")]
        return render_review(attempt, form, status=400)
    try:
        decision = reviews.clean_decision(form.comment.data, (form.score.data or "").strip() or None, passed,
                                           form.reason.data)
        _review, created = reviews.do_review(current_user, attempt, decision, form.key.data)
    except DomainError as error:
        getattr(form, error.field or "comment", form.comment).errors.append(error.message)
        db.session.rollback()
        return render_review(reviews.get_for_review(current_user, attempt_id), form, status=error.status)
    if created:
        flash(_l("Review saved. %(name)s sees your comment on the feedback page.",
                 name=attempt.user.display_name), "success")
    return redirect(url_for("staff.review_queue"), code=303)


@bp.get("/reviews/<int:attempt_id>/audio")
@role_required(*STAFF)
def review_audio(attempt_id: int):
    attempt = reviews.get_for_review(current_user, attempt_id)
    audio = db.session.get(AttemptAudio, attempt.id)
    if audio is None:
        raise NotFound(_l("This page does not exist or you cannot see it."))
    response = Response(audio.data, mimetype=audio.mime)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
