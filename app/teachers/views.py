"""The teacher registry's pages: the list with its filter and export, the card, add, edit, deactivate
and reactivate, the invitation of a record's person to the staff, a teacher's own record, and the
education department's young-specialist rule.

Who opens what is the package's ACCESS (app/teachers/__init__.py); another school's record answers
404 exactly like an unknown id (the record is loaded in the school's scope). Deactivation asks first
(a GET, or a POST without ``confirm=yes``, shows what will happen)."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core import pagination
from app.core.confirm import confirm_page, refusal
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt
from app.orgs.forms import ConfirmForm
from app.teachers import bp, export, services
from app.teachers.forms import RegistryFilterForm, TeacherForm, YoungRuleForm
from app.teachers.labels import CATEGORY_LABELS
from app.teachers.young import today

# The query string of the filter, carried by the pager's links and the export's.
FILTER_ARGS = ("q", "subject", "category", "young", "status", "bank")


def _teacher_or_404(teacher_id: str):
    teacher = services.get_teacher(parse_id(teacher_id))
    if teacher is None:
        abort(404)
    return teacher


def _filter_form() -> tuple[RegistryFilterForm, dict]:
    form = RegistryFilterForm(request.args, services.school_subjects())
    filters = {key: value for key, value in request.args.items() if key in FILTER_ARGS and value}
    return form, filters


@bp.get("/", endpoint="registry")
def registry(org_slug: str):
    form, filters = _filter_form()
    if not form.validate():
        return render_template("teachers/registry.html", form=form, page=None, filters={}), 400
    return render_template("teachers/registry.html", form=form, filters=filters,
                           page=services.registry_page(form.to_filter()), count_cap=pagination.COUNT_CAP,
                           category_labels=CATEGORY_LABELS)


@bp.get("/export.xlsx", endpoint="export")
def export_registry(org_slug: str):
    form, _filters = _filter_form()
    if not form.validate():
        abort(400)
    outcome = attempt(None, export.workbook, form.to_filter(), g.org.short_name)
    if not outcome:
        return redirect(url_for("teachers.registry", org_slug=org_slug))
    content, _rows = outcome.value
    name = f"teachers-{g.org.slug}-{today().isoformat()}.xlsx"
    return Response(content, mimetype=export.MEDIA_TYPE, headers={
        "Content-Disposition": f"attachment; filename={name}; filename*=UTF-8''{quote(name)}"})


@bp.route("/new", methods=["GET", "POST"])
def new(org_slug: str):
    form = TeacherForm()
    if form.validate_on_submit():
        outcome = attempt(form, services.create_teacher, g.org, form.to_data(today()))
        if outcome:
            flash(_("The record has been added to the registry."), "info")
            return redirect(url_for("teachers.card", org_slug=org_slug, teacher_id=outcome.value.id))
    return render_template("teachers/edit.html", form=form, teacher=None), 400 if form.errors else 200


@bp.get("/<teacher_id>")
def card(org_slug: str, teacher_id: str):
    # Opening a personal record is itself recorded (152-ФЗ ст. 19).
    outcome = attempt(None, services.view_teacher, parse_id(teacher_id))
    if outcome.value is None:
        abort(404)
    teacher = outcome.value
    rule = services.current_rule()
    return render_template("teachers/card.html", teacher=teacher, rule=rule,
                           is_young=rule.is_young(teacher.birth_date, teacher.experience_since, today()),
                           category_labels=CATEGORY_LABELS, action_form=EmptyForm())


@bp.route("/<teacher_id>/edit", methods=["GET", "POST"])
def edit(org_slug: str, teacher_id: str):
    teacher = _teacher_or_404(teacher_id)
    form = TeacherForm() if request.method == "POST" else TeacherForm.of(teacher)
    if form.validate_on_submit():
        outcome = attempt(form, services.update_teacher, teacher, form.to_data(today()))
        if outcome:
            flash(_("The record has been saved.") if outcome.value else _("Nothing has changed."), "info")
            return redirect(url_for("teachers.card", org_slug=org_slug, teacher_id=teacher.id))
        teacher = _teacher_or_404(teacher_id)  # the refusal rolled the session back
    return render_template("teachers/edit.html", form=form, teacher=teacher), 400 if form.errors else 200


@bp.route("/<teacher_id>/deactivate", methods=["GET", "POST"])
def deactivate(org_slug: str, teacher_id: str):
    teacher = _teacher_or_404(teacher_id)
    back = url_for("teachers.card", org_slug=org_slug, teacher_id=teacher.id)
    if not teacher.is_active:
        return redirect(back)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(None, services.deactivate, teacher):
            flash(_("The teacher is marked as having left the school."), "info")
        return redirect(back)
    return confirm_page(
        _("The teacher has left?"),
        _("Are you sure %(name)s no longer works in %(org)s?", name=teacher.full_name, org=g.org.short_name),
        [_("The record leaves the list of those who work in the school; it stays in the registry's history "
           "with the date they left."),
         _("The record can be made active again later.")],
        url_for("teachers.deactivate", org_slug=org_slug, teacher_id=teacher.id), back, _("Mark as left"))


@bp.post("/<teacher_id>/reactivate")
def reactivate(org_slug: str, teacher_id: str):
    teacher = _teacher_or_404(teacher_id)
    if EmptyForm().validate_on_submit() and attempt(None, services.reactivate, teacher):
        flash(_("The teacher works in the school again."), "info")
    return redirect(url_for("teachers.card", org_slug=org_slug, teacher_id=teacher.id))


@bp.route("/<teacher_id>/invite", methods=["GET", "POST"])
def invite(org_slug: str, teacher_id: str):
    """The staff invitation filled from the record: its address and name, the teacher role."""
    teacher = _teacher_or_404(teacher_id)
    back = url_for("teachers.card", org_slug=org_slug, teacher_id=teacher.id)
    refused = refusal(services.check_invite, teacher)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        if attempt(form, services.invite_teacher, g.org, teacher):
            flash(_("The invitation has been created; the letter to %(email)s is on its way.", email=teacher.email),
                  "info")
            return redirect(back)
        teacher = _teacher_or_404(teacher_id)
    return render_template("teachers/invite.html", teacher=teacher, form=form, back=back)


@bp.get("/me", endpoint="my_record")
def my_record(org_slug: str):
    teacher = services.my_record()
    rule = services.current_rule()
    return render_template("teachers/my_record.html", teacher=teacher, rule=rule, category_labels=CATEGORY_LABELS,
                           is_young=teacher is not None and rule.is_young(teacher.birth_date, teacher.experience_since,
                                                                          today()))


@bp.route("/rules", methods=["GET", "POST"], endpoint="rules")
def young_rule(org_slug: str):
    """The education department's rule of the young specialist for its municipality's schools."""
    rule = services.current_rule()
    form = YoungRuleForm() if request.method == "POST" else YoungRuleForm(
        data={"max_age": rule.max_age, "max_experience_years": rule.max_experience_years})
    if form.validate_on_submit():
        outcome = attempt(form, services.set_young_rule, form.max_age.data, form.max_experience_years.data)
        if outcome:
            flash(_("The rule has been saved: the schools see the young specialists by it at once.")
                  if outcome.value else _("Nothing has changed."), "info")
            return redirect(url_for("teachers.rules", org_slug=org_slug))
    return render_template("teachers/rules.html", form=form, rule=rule), 400 if form.errors else 200
