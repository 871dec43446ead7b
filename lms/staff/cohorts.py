"""A cohort's page for its staff (mentor, teacher, admin): roster, tracks, enrolment, cards."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import home_url, role_required
from lms.clock import local_today
from lms.models import Role
from lms.services import assignments, feedback, orgs, placement, progress, reports, reviews
from lms.services.errors import DomainError, NotFound
from lms.staff.blueprint import STAFF, bp, staff_gettext, use_wording_of
from lms.staff.cards import CARD_MINUTES, keep_card, kept_card
from lms.staff.confirm import confirmed, render_confirm
from lms.staff.forms import AssignForm, CohortForm, ConfirmForm, DueForm, EnrolForm


@bp.post("/cohorts/new")
@role_required(Role.MENTOR, Role.TEACHER)
def create():
    form = CohortForm()
    if not form.validate_on_submit():
        flash(_l("Please enter a name and a capacity between 1 and 5000."), "error")
        return redirect(home_url(), code=303)
    if current_user.org is None:
        abort(403)
    cohort = orgs.do_create_cohort(current_user, current_user.org, form.name.data, form.capacity.data)
    use_wording_of(cohort)
    flash(staff_gettext("Group created. Its join code is %(code)s.", code=cohort.join_code), "success")
    return redirect(url_for("staff.show", cohort_id=cohort.id), code=303)


def render_show(cohort, *, form: EnrolForm | None = None, assign_form: AssignForm | None = None,
                status: int = 200, chosen: list[str] | None = None):
    """The cohort page, with every section (who needs help, assignments, enrol form) present
    whichever form is being redisplayed with its errors."""
    use_wording_of(cohort)
    dashboard = reports.cohort_dashboard(cohort)
    page = render_template(
        "staff/show.html", cohort=cohort, learners=dashboard, dashboard=dashboard, chosen=set(chosen or ()),
        track_names=reports.tracks_by_id(),
        form=form or EnrolForm(form_id=uuid.uuid4().hex), confirm=ConfirmForm(),
        assign_form=assign_form or AssignForm(formdata=None), due_form=DueForm(formdata=None),
        assignments=assignments.cohort_assignments(cohort),
        personal=assignments.personal_assignments(reports.cohort_learner_ids(cohort)),
        assignable=assignments.assignable_by_course(), today=local_today(),
    )
    return page, status


@bp.get("/cohorts/<int:cohort_id>")
@role_required(*STAFF)
def show(cohort_id: int):
    return render_show(orgs.get_cohort_for(current_user, cohort_id))


@bp.post("/cohorts/<int:cohort_id>/learners")
@role_required(*STAFF)
def enrol(cohort_id: int):
    """Create a learner account for a villager and show a printable sign-in card."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    form = EnrolForm()
    if not form.validate_on_submit():
        return render_show(cohort, form=form, status=400)
    try:
        learner, otp = orgs.do_enrol_learner(
            current_user, cohort, display_name=form.display_name.data,
            phone=form.phone.data or None, username=form.username.data or None,
            key=form.form_id.data or None,
        )
    except DomainError as error:
        getattr(form, error.field or "display_name", form.display_name).errors.append(error.message)
        return render_show(cohort, form=form, status=400)
    if otp is None:  # the same form again (a double tap, or two at once): one account, one card
        use_wording_of(cohort)
        flash(staff_gettext("This learner was already created. Use “new card” to print a fresh password."), "info")
        return redirect(url_for("staff.card_page", cohort_id=cohort.id, user_id=learner.id), code=303)
    keep_card(learner, otp)
    return redirect(url_for("staff.card_page", cohort_id=cohort.id, user_id=learner.id), code=303)


def learner_of(cohort, user_id: int):
    """A learner of this cohort whom the actor manages; NotFound otherwise (a learner of another
    of the actor's groups too: the card and its confirmation name this group)."""
    use_wording_of(cohort)
    try:
        learner = orgs.get_learner_for(current_user, user_id)
    except NotFound:
        learner = None
    if learner is None or not any(m.cohort_id == cohort.id for m in learner.memberships):
        raise NotFound(staff_gettext("Learner not found."))
    return learner


@bp.route("/cohorts/<int:cohort_id>/learners/<int:user_id>/card", methods=["GET", "POST"])
@role_required(*STAFF)
def new_card(cohort_id: int, user_id: int):
    """Reset a learner's password to a new one-time password and print a new card, once confirmed."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    use_wording_of(cohort)
    learner = learner_of(cohort, user_id)
    if not confirmed():
        name = learner.display_name
        return render_confirm(
            question=_("Make a new sign-in card for %(name)s?", name=name),
            details=[
                staff_gettext("%(name)s (username %(username)s, group %(group)s) gets a new one-time password.",
                              name=name, username=learner.login_name, group=cohort.name),
                _("The current password stops working at once, and %(name)s is signed out on every "
                  "phone. Give them the new card: they sign in with it and choose a new password.",
                  name=name),
            ],
            action=url_for("staff.new_card", cohort_id=cohort.id, user_id=learner.id),
            button=_("Yes, make a new card"),
            cancel=url_for("staff.show", cohort_id=cohort.id, _anchor="learners"),
        )
    otp = orgs.do_reset_learner_password(current_user, learner)
    keep_card(learner, otp)
    return redirect(url_for("staff.card_page", cohort_id=cohort.id, user_id=learner.id), code=303)


@bp.get("/cohorts/<int:cohort_id>/learners/<int:user_id>/card/print")
@role_required(*STAFF)
def card_page(cohort_id: int, user_id: int):
    """The printable card of a password just made (a reload shows the same card, never a new
    password); once it may no longer be shown, a page that says so and offers a new card."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    use_wording_of(cohort)
    otp = kept_card(learner)
    if otp is None:
        return render_template("staff/card_gone.html", person=learner, card_minutes=CARD_MINUTES,
                               new_card=url_for("staff.new_card", cohort_id=cohort.id, user_id=learner.id),
                               back=url_for("staff.show", cohort_id=cohort.id, _anchor="learners"),
                               back_label=staff_gettext("Back to the group"))
    return render_template("staff/card.html", learner=learner, otp=otp, cohort=cohort)


@bp.post("/cohorts/<int:cohort_id>/open")
@role_required(*STAFF)
def open_cohort(cohort_id: int):
    """Let new members join with the code again (one tap: nothing is lost)."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    orgs.do_set_cohort_open(current_user, cohort, True)
    return redirect(url_for("staff.show", cohort_id=cohort.id), code=303)


@bp.route("/cohorts/<int:cohort_id>/close", methods=["GET", "POST"])
@role_required(*STAFF)
def close_cohort(cohort_id: int):
    """Stop new members joining with the code, once confirmed."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    use_wording_of(cohort)
    if not confirmed():
        return render_confirm(
            question=_("Close %(group)s to new members?", group=cohort.name),
            details=[
                _("Nobody can join %(group)s with the code %(code)s any more.",
                  group=cohort.name, code=cohort.join_code),
                staff_gettext("Learners already in the group keep their accounts and work. You can still add "
                              "learners yourself, and open the group again at any time."),
            ],
            action=url_for("staff.close_cohort", cohort_id=cohort.id),
            button=staff_gettext("Yes, close the group"),
            cancel=url_for("staff.show", cohort_id=cohort.id),
        )
    orgs.do_set_cohort_open(current_user, cohort, False)
    flash(_l("%(group)s is closed to new members.", group=cohort.name), "success")
    return redirect(url_for("staff.show", cohort_id=cohort.id), code=303)


@bp.post("/cohorts/<int:cohort_id>/name")
@role_required(*STAFF)
def rename_cohort(cohort_id: int):
    """Rename the group or class; its join code and members stay."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        orgs.do_rename_cohort(current_user, cohort, request.form.get("name", ""))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_l("Renamed to %(group)s.", group=cohort.name), "success")
    return redirect(url_for("staff.show", cohort_id=cohort.id), code=303)


@bp.route("/cohorts/<int:cohort_id>/learners/<int:user_id>/move", methods=["GET", "POST"])
@role_required(*STAFF)
def move_learner(cohort_id: int, user_id: int):
    """Move a learner to another group of the same village or school, once confirmed."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    use_wording_of(cohort)
    learner = learner_of(cohort, user_id)
    target = next((c for c in orgs.move_targets(current_user, cohort)
                   if str(c.id) == request.values.get("target", "")), None)
    if target is None:
        flash(staff_gettext("Please choose one of the groups in the list."), "error")
        return redirect(url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id), code=303)
    if not confirmed():
        return render_confirm(
            question=_("Move %(name)s from %(source)s to %(target)s?", name=learner.display_name,
                       source=cohort.name, target=target.name),
            details=[_("%(name)s keeps their account, their work and the tasks given to them alone.",
                       name=learner.display_name),
                     _("The tasks assigned to %(source)s no longer apply to them; those of %(target)s do.",
                       source=cohort.name, target=target.name)],
            action=url_for("staff.move_learner", cohort_id=cohort.id, user_id=learner.id, target=target.id),
            button=_("Yes, move"),
            cancel=url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id),
        )
    try:
        orgs.do_move_learner(current_user, learner, cohort, target.id)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id), code=303)
    flash(_l("%(name)s is now in %(group)s.", name=learner.display_name, group=target.name), "success")
    return redirect(url_for("staff.learner_page", cohort_id=target.id, user_id=learner.id), code=303)


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/track")
@role_required(*STAFF)
def place_learner(cohort_id: int, user_id: int):
    """A mentor or teacher puts one of their learners on a track."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        placement.do_override_track(current_user, learner, request.form.get("track", ""))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_l("Track saved for %(name)s.", name=learner.display_name), "success")
    return redirect(url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id), code=303)


@bp.get("/cohorts/<int:cohort_id>/learners/<int:user_id>")
@role_required(*STAFF)
def learner_page(cohort_id: int, user_id: int):
    """One learner for their mentor: placement, assignments, every attempt and the score trend."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    return render_learner(cohort, learner_of(cohort, user_id))


def render_learner(cohort, learner, *, assign_form: AssignForm | None = None, status: int = 200):
    """The learner page, with the personal-assignment form redisplayed with its errors if any."""
    use_wording_of(cohort)
    attempts = reports.learner_attempts(learner)
    summary = next(iter(reports.cohort_dashboard(cohort, only=[learner.id])), None)
    page = render_template(
        "staff/learner.html", cohort=cohort, learner=learner, status=summary,
        placement=placement.current_placement(learner), assigned=assignments.learner_assignments(learner),
        personal=assignments.personal_assignments([learner.id]),
        reviewed=reviews.latest_reviews([a.id for a in attempts]),
        attempts=attempts, trend=feedback.trend_points(list(reversed(attempts))), today=local_today(),
        tracks=progress.tracks(), assignable=assignments.assignable_by_course(),
        move_targets=orgs.move_targets(current_user, cohort),
        assign_form=assign_form or AssignForm(formdata=None), due_form=DueForm(formdata=None))
    return page, status
