"""Pages of programmes: the curator's list and export, a teacher's own programmes, the programme with its
plan (overdue activities marked by a class and a word), the plan's marks with evidence, the journal
(the pair and the curator only), the revisions with their comparison, the DOCX.

Another school's programme, activity, evidence or revision answers 404 exactly like a random id, and
so does a programme of a pair the person is not in (the service loads in the school's scope)."""
from __future__ import annotations

import io
import uuid
from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.banks import dictionary
from app.banks.models import DictionaryKind
from app.core.confirm import confirm_page, refusal
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt
from app.programmes import bp, files, labels, lists, services, terms, word
from app.programmes.forms import ActivityForm, DecisionForm, JournalForm, MarkForm, ProgrammeForm, RevisionForm
from app.programmes.models import ActivityKind, ActivityStatus, RevisionKind
from app.teachers.gender import feminine

UPLOADS = frozenset({"programmes.mark"})


@bp.url_value_preprocessor
def _upload_limit(endpoint, values) -> None:
    """Evidence may be up to 10 MB (set before anything parses the form; over it, the service refuses in words)."""
    if endpoint in UPLOADS:
        request.max_content_length = services.MAX_EVIDENCE_BYTES + 1024 * 1024


def _status() -> int:
    """A form page drawn again after a POST shows a refusal: 400 (nothing was changed)."""
    return 400 if request.method == "POST" else 200


def _actor() -> services.Actor:
    return services.Actor(user_id=current_user.id, roles=frozenset(getattr(r, "value", r) for r in g.membership.roles))


def _seat(programme_id: str) -> services.Seat:
    found = services.seat(parse_id(programme_id), _actor())
    if found is None:
        abort(404)
    return found


def _words() -> dict:
    names = dictionary.load()
    return {"programme_status": labels.PROGRAMME_STATUS, "activity_kind": labels.ACTIVITY_KIND,
            "activity_status": labels.ACTIVITY_STATUS, "revision_kind": labels.REVISION_KIND,
            "revision_status": labels.REVISION_STATUS, "field_labels": labels.FIELD_LABELS,
            "forms": names.names(DictionaryKind.form), "competences": names.names(DictionaryKind.competence),
            "today": date.today(), "feminine": feminine}


# ----------------------------------------------------------------------------- lists


@bp.get("/")
def list_page(org_slug: str):
    ending = request.args.get("ending") == "soon"
    proposed = request.args.get("proposed") == "y"
    filters = {k: v for k, v in (("ending", "soon" if ending else None), ("proposed", "y" if proposed else None)) if v}
    return render_template("programmes/list.html", pagination=lists.page(date.today(), ending_soon=ending,
                                                                         proposals=proposed),
                           proposals=lists.proposals_count(), ending=ending, proposed=proposed, filters=filters,
                           **_words())


@bp.get("/export.xlsx")
def export(org_slug: str):
    today = date.today()
    content = lists.export(today, dictionary.load().names(DictionaryKind.form), labels.PROGRAMME_STATUS)
    return Response(content, mimetype=services.XLSX,
                    headers={"Content-Disposition": files.disposition(files.programmes_xlsx(g.org.slug, today))})


@bp.get("/mine")
def mine(org_slug: str):
    return render_template("programmes/mine.html", rows=lists.mine(current_user.id), **_words())


# ----------------------------------------------------------------------------- the programme


def _programme_choices(form: ProgrammeForm, pair_id) -> None:
    names = dictionary.load()
    form.form_code.choices = names.choices(DictionaryKind.form)
    competence_names = names.names(DictionaryKind.competence)
    form.difficulties.choices = [(code, f"{competence_names.get(code, code)}: {text} ({who})")
                                 for code, text, who in services.mentee_difficulties(pair_id)]


def _values(form: ProgrammeForm) -> services.ProgrammeValues:
    return services.ProgrammeValues(
        starts_on=form.starts_on.data, ends_on=form.ends_on.data, form_code=form.form_code.data,
        goals=form.goals.data, difficulty_codes=list(form.difficulties.data or []),
        difficulties_note=form.difficulties_note.data, strengths=form.strengths.data, directions=form.directions.data,
        activity_forms=form.activity_forms.data, expected_results=form.expected_results.data)


@bp.route("/new/<pair_id>", methods=["GET", "POST"])
def new(org_slug: str, pair_id: str):
    pair = services.pair_for_new(parse_id(pair_id))
    if pair is None:
        abort(404)
    form = ProgrammeForm()
    if request.method == "GET":
        form.form_code.data = pair.form_code
    _programme_choices(form, pair.id)
    if form.validate_on_submit():
        outcome = attempt(form, services.create, pair.id, _values(form), _actor())
        if outcome:
            return redirect(url_for("programmes.show", org_slug=org_slug, programme_id=outcome.value.id))
    return render_template("programmes/edit.html", form=form, programme=None), _status()


@bp.route("/<programme_id>/edit", methods=["GET", "POST"])
def edit(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    programme = found.programme
    form = ProgrammeForm(obj=programme if request.method == "GET" else None)
    if request.method == "GET":
        form.difficulties.data = [item["code"] for item in programme.difficulties]
    _programme_choices(form, programme.pair_id)
    if form.validate_on_submit():
        if attempt(form, services.edit, programme.id, _values(form), _actor()):
            return redirect(url_for("programmes.show", org_slug=org_slug, programme_id=programme.id))
    return render_template("programmes/edit.html", form=form, programme=programme), _status()


def _activity_form(found: services.Seat, form: ActivityForm) -> None:
    form.kind.choices = [(k.value, str(w)) for k, w in labels.ACTIVITY_KIND.items()]
    form.responsible.choices = [("", "—")] + [(str(t.id), t.full_name) for _, t in found.participants]


@bp.get("/<programme_id>")
def show(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    activities = services.plan(found.programme.id)
    activity_form = ActivityForm()
    _activity_form(found, activity_form)
    return render_template("programmes/show.html", seat=found, programme=found.programme, activities=activities,
                           evidence=services.evidence_of([a.id for a in activities]), activity_form=activity_form,
                           people={t.id: t for _, t in found.participants}, **_words())


@bp.post("/<programme_id>/activities")
def add_activity(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    form = ActivityForm()
    _activity_form(found, form)
    if form.validate_on_submit():
        responsible = uuid.UUID(form.responsible.data) if form.responsible.data else None
        if attempt(form, services.add_activity, found.programme.id,
                   services.ActivityValues(form.title.data, form.kind.data, form.due_on.data, responsible), _actor()):
            flash(_("The activity has been added to the plan."), "info")
            return redirect(url_for("programmes.show", org_slug=org_slug, programme_id=found.programme.id))
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")
    return redirect(url_for("programmes.show", org_slug=org_slug, programme_id=found.programme.id)), 303


@bp.route("/<programme_id>/approve", methods=["GET", "POST"])
def approve(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    back = url_for("programmes.show", org_slug=org_slug, programme_id=found.programme.id)
    if request.method == "POST" and request.form.get("confirm") == "yes" and EmptyForm().validate_on_submit():
        if attempt(None, services.approve, found.programme.id, _actor()):
            flash(_("The programme has been approved: it now changes only by revisions agreed by both sides."), "info")
        return redirect(back)
    problem = refusal(services.check_approve, found)
    if problem:
        flash(str(problem), "error")
        return redirect(back)
    return confirm_page(_("Approve the programme"), _("Approve the programme?"),
                        [_("Its fields and its plan then change only by a revision that both sides agree and the "
                           "curator approves (Положение 7.2).")],
                        url_for("programmes.approve", org_slug=org_slug, programme_id=found.programme.id), back,
                        _("Approve"))


@bp.route("/<programme_id>/complete", methods=["GET", "POST"])
def complete(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    back = url_for("programmes.show", org_slug=org_slug, programme_id=found.programme.id)
    if request.method == "POST" and request.form.get("confirm") == "yes" and EmptyForm().validate_on_submit():
        if attempt(None, services.complete, found.programme.id, _actor()):
            flash(_("The programme has been completed."), "info")
        return redirect(back)
    problem = refusal(services.check_complete, found)
    if problem:
        flash(str(problem), "error")
        return redirect(back)
    return confirm_page(_("Complete the programme"), _("Complete the programme?"),
                        [_("The plan stops; its marks, journal and revisions stay as they are (Положение 7.1).")],
                        url_for("programmes.complete", org_slug=org_slug, programme_id=found.programme.id), back,
                        _("Complete"))


@bp.get("/<programme_id>/programme.docx")
def document(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    programme = found.programme
    names = dictionary.load()
    content = word.build(g.org, programme, found.participants, services.plan(programme.id),
                         names.names(DictionaryKind.form).get(programme.form_code, programme.form_code),
                         services.curator_name(programme), names.names(DictionaryKind.competence))
    name = files.programme_docx(found.participants, g.org.slug, date.today())
    return Response(content, mimetype=services.DOCX, headers={"Content-Disposition": files.disposition(name)})


# ----------------------------------------------------------------------------- the plan at work


@bp.route("/activities/<activity_id>", methods=["GET", "POST"])
def mark(org_slug: str, activity_id: str):
    actor = _actor()
    found = services.activity_seat(parse_id(activity_id), actor)
    if found is None:
        abort(404)
    activity, seat = found
    form = MarkForm(obj=activity if request.method == "GET" else None)
    form.status.choices = [(s.value, str(labels.ACTIVITY_STATUS[s])) for s in
                           (ActivityStatus.planned, ActivityStatus.in_progress, ActivityStatus.done)]
    if request.method == "GET":
        form.status.data = activity.status.value
    if form.validate_on_submit():
        upload = form.evidence.data
        content = upload.read(services.MAX_EVIDENCE_BYTES + 1) if upload else None
        if attempt(form, services.mark, activity.id, form.status.data, form.result.data, content,
                   getattr(upload, "filename", None), actor):
            flash(_("The progress of the activity has been saved."), "info")
            return redirect(url_for("programmes.show", org_slug=org_slug, programme_id=seat.programme.id))
    return render_template("programmes/mark.html", form=form, activity=activity, seat=seat,
                           evidence=services.evidence_of([activity.id]).get(activity.id, []),
                           **_words()), _status()


@bp.get("/evidence/<evidence_id>")
def evidence(org_slug: str, evidence_id: str):
    found = attempt(None, services.open_evidence, parse_id(evidence_id), _actor()).value
    if found is None:
        abort(404)
    return send_file(io.BytesIO(found.content), mimetype=found.media_type, as_attachment=True,
                     download_name=found.filename)


# ----------------------------------------------------------------------------- the journal


@bp.route("/<programme_id>/journal", methods=["GET", "POST"])
def journal(org_slug: str, programme_id: str):
    actor = _actor()
    found = services.journal(parse_id(programme_id), actor)
    if found is None:
        abort(404)
    seat, entries = found
    form = JournalForm()
    if form.validate_on_submit():
        if attempt(form, services.write_journal, seat.programme.id, form.met_on.data, form.minutes.data,
                   form.topic.data, form.notes.data, actor):
            flash(_("The meeting has been recorded in the journal."), "info")
            return redirect(url_for("programmes.journal", org_slug=org_slug, programme_id=seat.programme.id))
    return render_template("programmes/journal.html", seat=seat, programme=seat.programme, entries=entries,
                           form=form, **_words()), _status()


# ----------------------------------------------------------------------------- revisions


def _revision_form(seat: services.Seat, form: RevisionForm, activities) -> None:
    # The term's bound an extension may reach (terms.py: our rule under Положение 7.2), with its date.
    latest = terms.longest_end(seat.programme.starts_on, extended=True)
    form.ends_on.description = _("With an extension, at most two years from the start of the programme: "
                                 "until %(day)s at the latest (our rule under Положение 7.2).",
                                 day=latest.strftime("%d.%m.%Y"))
    form.kind.choices = [(k.value, str(labels.REVISION_KIND[k])) for k in
                         (RevisionKind.extension, RevisionKind.plan, RevisionKind.form)]
    form.form_code.choices = [("", "—")] + dictionary.load().choices(DictionaryKind.form)
    open_ones = [("", "—")] + [(str(a.id), f"{a.title} ({a.due_on:%d.%m.%Y})") for a in activities
                               if a.status in services.OPEN]
    form.postpone_id.choices = form.cancel_id.choices = open_ones
    form.add_kind.choices = [("", "—")] + [(k.value, str(w)) for k, w in labels.ACTIVITY_KIND.items()]


def _uuid(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _revision_values(form: RevisionForm) -> services.RevisionValues:
    add = None
    if form.add_title.data:
        add = services.ActivityValues(form.add_title.data, form.add_kind.data or ActivityKind.other.value,
                                      form.add_due_on.data)
    return services.RevisionValues(kind=form.kind.data, reason=form.reason.data, ends_on=form.ends_on.data,
                                   form_code=form.form_code.data or None, postpone_id=_uuid(form.postpone_id.data),
                                   postpone_to=form.postpone_to.data, cancel_id=_uuid(form.cancel_id.data), add=add)


@bp.route("/<programme_id>/revisions", methods=["GET", "POST"])
def revisions(org_slug: str, programme_id: str):
    found = _seat(programme_id)
    activities = services.plan(found.programme.id)
    form = RevisionForm()
    _revision_form(found, form, activities)
    if form.validate_on_submit():
        outcome = attempt(form, services.propose, found.programme.id, _revision_values(form), _actor())
        if outcome:
            flash(_("The change is proposed: the other side of the pair confirms it, then the curator approves."),
                  "info")
            return redirect(url_for("programmes.revision", org_slug=org_slug, revision_id=outcome.value.id))
    return render_template("programmes/revisions.html", seat=found, programme=found.programme,
                           revisions=services.revisions(found.programme.id), form=form,
                           **_words()), _status()


def _compare(previous: dict | None, current: dict, words: dict) -> tuple[list, list]:
    """Rows (label, before, after, changed) of the fields, and of the plan by activity."""
    def shown(name, value):
        if name == "form_code":
            return words["forms"].get(value, value)
        if name == "difficulties":
            # One per line (the cell keeps line breaks): the mentees' own words end with their own
            # punctuation, so a separator between them would double it.
            return "\n".join(f"{words['competences'].get(i['code'], i['code'])}: {i['text']}" for i in value or [])
        if name in ("starts_on", "ends_on") and value:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        return value or ""
    fields = []
    for name, label in labels.FIELD_LABELS.items():
        before = shown(name, previous.get(name)) if previous else ""
        after = shown(name, current.get(name))
        fields.append((label, before, after, previous is not None and before != after))
    def line(item):
        if item is None:
            return ""
        kind = words["activity_kind"].get(ActivityKind(item["kind"]), item["kind"])
        text = f"{item['title']} — {kind}, {date.fromisoformat(item['due_on']):%d.%m.%Y}"
        return text + (f" ({_('dropped')})" if item["cancelled"] else "")
    before_plan = {i["id"]: i for i in (previous or {}).get("plan", [])}
    plan_rows = []
    for item in current.get("plan", []):
        old = before_plan.get(item["id"])
        plan_rows.append((line(old), line(item), previous is not None and line(old) != line(item)))
    return fields, plan_rows


@bp.get("/revisions/<revision_id>")
def revision(org_slug: str, revision_id: str):
    actor = _actor()
    found = services.revision_seat(parse_id(revision_id), actor)
    if found is None:
        abort(404)
    item, seat = found
    previous = services.previous_of(item)
    words = _words()
    fields, plan_rows = _compare(previous.snapshot if previous else None, item.snapshot, words)
    return render_template("programmes/revision.html", revision=item, previous=previous, seat=seat,
                           programme=seat.programme, fields=fields, plan_rows=plan_rows,
                           other_side=services._other_side(item, seat), decision=DecisionForm(), **words)


def _decide(org_slug: str, revision_id: str, service, *args, message: str):
    actor = _actor()
    found = services.revision_seat(parse_id(revision_id), actor)
    if found is None:
        abort(404)
    item, _seat_ = found
    form = DecisionForm()
    if form.validate_on_submit() and attempt(form, service, item.id, *args, actor):
        flash(message, "info")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("programmes.revision", org_slug=org_slug, revision_id=item.id))


@bp.post("/revisions/<revision_id>/confirm")
def confirm_revision(org_slug: str, revision_id: str):
    return _decide(org_slug, revision_id, services.confirm, message=_("The revision has been confirmed."))


@bp.post("/revisions/<revision_id>/approve")
def approve_revision(org_slug: str, revision_id: str):
    return _decide(org_slug, revision_id, services.approve_revision, message=_("The revision has been approved."))


@bp.post("/revisions/<revision_id>/reject")
def reject_revision(org_slug: str, revision_id: str):
    return _decide(org_slug, revision_id, services.reject, request.form.get("note", ""),
                   message=_("The revision has been declined."))
