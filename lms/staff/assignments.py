"""The cohort page's assignments: assign one or more tasks or lessons with a due date, move the
date, take it back."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import role_required
from lms.i18n import loc_title
from lms.services import assignments, orgs
from lms.services.errors import DomainError, Invalid
from lms.staff.blueprint import STAFF, bp, staff_gettext, use_wording_of
from lms.staff.cohorts import learner_of, render_learner, render_show
from lms.staff.confirm import confirmed, render_confirm
from lms.staff.forms import AssignForm, DueForm


def _back(cohort):
    return redirect(url_for("staff.show", cohort_id=cohort.id, _anchor="assignments"), code=303)


@bp.post("/cohorts/<int:cohort_id>/assignments")
@role_required(*STAFF)
def assign(cohort_id: int):
    """Assign the ticked tasks to the whole group, or to the ticked learners; all or nothing."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    use_wording_of(cohort)
    form = AssignForm()
    chosen = request.form.getlist("learner")
    if not form.validate_on_submit():
        return render_show(cohort, assign_form=form, status=400, chosen=chosen)
    try:
        if chosen:  # only the ticked learners, each a personal assignment
            names = _chosen_learners(cohort, chosen)
            created = assignments.do_assign_learners(current_user, names, form.task.data, form.due.data,
                                                     form.note.data or "", lesson_ids=form.lesson.data)
            items = len({a.item_key for a in created})
            flash(staff_gettext("Assigned to %(n)s learners: due %(date)s.", n=len(names), date=created[0].due_on.isoformat())
                  if items == 1 else
                  staff_gettext("Assigned %(tasks)s tasks to %(n)s learners: due %(date)s.", tasks=items,
                                n=len(names), date=created[0].due_on.isoformat())
                  if all(a.task_id for a in created) else
                  staff_gettext("Assigned %(items)s tasks and lessons to %(n)s learners: due %(date)s.",
                                items=items, n=len(names), date=created[0].due_on.isoformat()), "success")
        else:
            created = assignments.do_assign_tasks(current_user, cohort, form.task.data, form.due.data,
                                                  form.note.data or "", lesson_ids=form.lesson.data)
            date = created[0].due_on.isoformat()
            flash(_l("Assigned: due %(date)s.", date=date) if len(created) == 1 else
                  staff_gettext("Assigned %(tasks)s tasks to the group: due %(date)s.", tasks=len(created), date=date)
                  if all(a.task_id for a in created) else
                  staff_gettext("Assigned %(items)s tasks and lessons to the group: due %(date)s.",
                                items=len(created), date=date), "success")
    except assignments.AlreadyAssigned:   # a double tap, or the page re-sent: it is done already
        flash(_l("That is already assigned, just as you asked: nothing changed."), "info")
        return _back(cohort)
    except DomainError as error:
        getattr(form, error.field or "task", form.task).errors.append(error.message)
        return render_show(cohort, assign_form=form, status=error.status, chosen=chosen)
    return _back(cohort)


def _chosen_learners(cohort, ids: list[str]) -> list[str]:
    """Login names of the ticked learners; Invalid if one is not a learner of this cohort."""
    members = {str(u.id): u.login_name for u in orgs.roster(cohort)}
    if len(ids) > len(members) or any(i not in members for i in ids):
        raise Invalid(staff_gettext("Some of the chosen learners are not in this group. Please reload the page."),
                      field="task")
    return [members[i] for i in dict.fromkeys(ids)]


@bp.post("/cohorts/<int:cohort_id>/assignments/<int:assignment_id>/due")
@role_required(*STAFF)
def change_due(cohort_id: int, assignment_id: int):
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    assignment = assignments.get_assignment_for(current_user, cohort, assignment_id)
    form = DueForm()
    if not form.validate_on_submit():
        flash(_l("Please choose a due date."), "error")
        return render_show(cohort, status=400)
    try:
        assignments.do_change_due(current_user, assignment, form.due.data)
    except DomainError as error:
        flash(error.message, "error")
        return render_show(cohort, status=error.status)
    flash(_l("Due date changed to %(date)s.", date=assignment.due_on.isoformat()), "success")
    return _back(cohort)


@bp.route("/cohorts/<int:cohort_id>/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@role_required(*STAFF)
def remove(cohort_id: int, assignment_id: int):
    """Take an assignment back from the group, once confirmed."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    assignment = assignments.get_assignment_for(current_user, cohort, assignment_id)
    use_wording_of(cohort)
    if not confirmed():
        return render_confirm(
            question=_("Take back “%(task)s” from %(group)s?", task=loc_title(assignment.item),
                       group=cohort.name),
            details=[
                staff_gettext("The learners of %(group)s no longer see this task as assigned to them (it was "
                              "due %(date)s).", group=cohort.name, date=assignment.due_on.isoformat())
                if assignment.task_id else
                staff_gettext("The learners of %(group)s no longer see this lesson as assigned to them (it was "
                              "due %(date)s).", group=cohort.name, date=assignment.due_on.isoformat()),
                staff_gettext("Work the learners already did on it is kept. You can assign the task again later."),
            ],
            action=url_for("staff.remove", cohort_id=cohort.id, assignment_id=assignment.id),
            button=_("Yes, take it back"),
            cancel=url_for("staff.show", cohort_id=cohort.id, _anchor="assignments"),
        )
    assignments.do_remove(current_user, assignment)
    flash(staff_gettext("Assignment removed. Work the learners already did is kept."), "success")
    return _back(cohort)


# ---- one learner's own assignments (the learner page) ---------------------------------------

def _back_to_learner(cohort, learner):
    return redirect(url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id,
                            _anchor="assigned"), code=303)


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/assignments")
@role_required(*STAFF)
def assign_learner(cohort_id: int, user_id: int):
    """Give one learner a task of their own, with a due date and a note."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return render_learner(cohort, learner, assign_form=form, status=400)
    try:
        created = assignments.do_assign_learners(current_user, [learner.login_name], form.task.data,
                                                 form.due.data, form.note.data or "", lesson_ids=form.lesson.data)
    except assignments.AlreadyAssigned:
        flash(_l("That is already assigned, just as you asked: nothing changed."), "info")
        return _back_to_learner(cohort, learner)
    except DomainError as error:
        getattr(form, error.field or "task", form.task).errors.append(error.message)
        return render_learner(cohort, learner, assign_form=form, status=error.status)
    date = created[0].due_on.isoformat()
    flash(_l("Assigned to %(name)s: due %(date)s.", name=learner.display_name, date=date) if len(created) == 1
          else _l("Assigned %(tasks)s tasks to %(name)s: due %(date)s.", tasks=len(created),
                  name=learner.display_name, date=date) if all(a.task_id for a in created)
          else _l("Assigned %(items)s tasks and lessons to %(name)s: due %(date)s.", items=len(created),
                  name=learner.display_name, date=date), "success")
    return _back_to_learner(cohort, learner)


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/more-time")
@role_required(*STAFF)
def more_time(cohort_id: int, user_id: int):
    """Give one learner more time for a task or lesson their group has: a personal assignment
    due later than the day it is due for them now (an earlier day is refused: that is not more
    time)."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    form = DueForm()
    kind = "lesson" if request.form.get("lesson") else "task"
    try:
        if not form.validate_on_submit():
            raise Invalid(_l("Please choose a due date."), field="due")
        given = assignments.do_give_more_time(current_user, learner, kind, request.form.get(kind), form.due.data)
    except assignments.AlreadyAssigned:
        flash(_l("That is already assigned, just as you asked: nothing changed."), "info")
        return _back_to_learner(cohort, learner)
    except DomainError as error:
        flash(error.message, "error")
        return _back_to_learner(cohort, learner)
    flash(_l("More time for %(name)s: now due %(date)s.", name=learner.display_name,
             date=given.due_on.isoformat()), "success")
    return _back_to_learner(cohort, learner)


@bp.post("/cohorts/<int:cohort_id>/learners/<int:user_id>/assignments/<int:assignment_id>/due")
@role_required(*STAFF)
def change_learner_due(cohort_id: int, user_id: int, assignment_id: int):
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    assignment = assignments.get_personal_assignment_for(current_user, learner, assignment_id)
    form = DueForm()
    if not form.validate_on_submit():
        flash(_l("Please choose a due date."), "error")
        return render_learner(cohort, learner, status=400)
    try:
        assignments.do_change_due(current_user, assignment, form.due.data)
    except DomainError as error:
        flash(error.message, "error")
        return render_learner(cohort, learner, status=error.status)
    flash(_l("Due date changed to %(date)s.", date=assignment.due_on.isoformat()), "success")
    return _back_to_learner(cohort, learner)


@bp.route("/cohorts/<int:cohort_id>/learners/<int:user_id>/assignments/<int:assignment_id>/delete",
          methods=["GET", "POST"])
@role_required(*STAFF)
def remove_learner_assignment(cohort_id: int, user_id: int, assignment_id: int):
    """Take a personal assignment back from one learner, once confirmed."""
    cohort = orgs.get_cohort_for(current_user, cohort_id)
    learner = learner_of(cohort, user_id)
    assignment = assignments.get_personal_assignment_for(current_user, learner, assignment_id)
    use_wording_of(cohort)
    if not confirmed():
        group_due = assignments.group_due_of(learner, assignment.item_key)
        return render_confirm(
            question=_("Take back “%(task)s” from %(name)s?", task=loc_title(assignment.item),
                       name=learner.display_name),
            details=[staff_gettext("%(name)s keeps it through the group: it is due %(date)s again, the group's day.",
                                   name=learner.display_name, date=group_due.isoformat()) if group_due else
                     _("%(name)s no longer sees this task as assigned (it was due %(date)s).",
                       name=learner.display_name, date=assignment.due_on.isoformat()) if assignment.task_id
                     else _("%(name)s no longer sees this lesson as assigned (it was due %(date)s).",
                            name=learner.display_name, date=assignment.due_on.isoformat()),
                     staff_gettext("Work the learner already did on it is kept. You can assign the task again "
                                   "later.")],
            action=url_for("staff.remove_learner_assignment", cohort_id=cohort.id, user_id=learner.id,
                           assignment_id=assignment.id),
            button=_("Yes, take it back"),
            cancel=url_for("staff.learner_page", cohort_id=cohort.id, user_id=learner.id, _anchor="assigned"),
        )
    assignments.do_remove(current_user, assignment)
    flash(staff_gettext("Assignment removed. Work the learner already did is kept."), "success")
    return _back_to_learner(cohort, learner)
