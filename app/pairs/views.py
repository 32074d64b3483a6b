"""The pairs' pages: the curator's list (filters, search, export), forming a pair from the banks, the
pair's page (participants, answers, consents, history; actions by state), the early end, and the
teacher's «Мои пары» with the answer to a proposal (Положение 1.3.5, 6.1, 6.2, 7.1)."""
from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import quote

from flask import Response as HttpResponse, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.banks import dictionary
from app.banks.models import DictionaryKind
from app.core.confirm import refusal
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt
from app.pairs import bp, export, labels, lifecycle, services
from app.pairs.forms import DeclineForm, EndForm, FilterForm, PaperAnswerForm, ProposeForm
from app.pairs.models import EndReason, PairKind, PairStatus, Response

FILTERS = ("name", "status", "form", "kind")


def _words() -> dict:
    return dict(pair_status=labels.PAIR_STATUS, pair_kind=labels.PAIR_KIND, end_reasons=labels.END_REASON,
                responses=labels.RESPONSE, roles=labels.ROLE, role_word=labels.role_word, purposes=labels.PURPOSE,
                pair_status_words=labels.STATUS_WORDS)


def _filter_form():
    words = dictionary.load()
    form = FilterForm(request.args)
    form.form.choices = [("", "")] + words.choices(DictionaryKind.form)
    filters = {key: value for key, value in request.args.items() if key in FILTERS and value}
    return form, filters, words


def _to_filter(form) -> services.PairFilter:
    return services.PairFilter(status=PairStatus(form.status.data) if form.status.data else None,
                               form=form.form.data or None,
                               kind=PairKind(form.kind.data) if form.kind.data else None, name=form.name.data or None)


@bp.get("/")
def index(org_slug: str):
    form, filters, words = _filter_form()
    if filters and not form.validate():
        return render_template("pairs/index.html", form=form, pagination=None, names={}, filters={},
                               forms=words.names(DictionaryKind.form), **_words()), 400
    pagination, names = services.page(_to_filter(form))
    return render_template("pairs/index.html", form=form, pagination=pagination, names=names, filters=filters,
                           forms=words.names(DictionaryKind.form), **_words())


@bp.get("/export.xlsx")
def export_pairs(org_slug: str):
    form, _filters, _words_ = _filter_form()
    if not form.validate():
        abort(400)
    outcome = attempt(None, export.workbook, _to_filter(form), g.org.short_name)
    if not outcome:
        return redirect(url_for("pairs.index", org_slug=org_slug))
    content, _rows = outcome.value
    name = f"pairs-{g.org.slug}-{date.today().isoformat()}.xlsx"
    return HttpResponse(content, mimetype=export.MEDIA_TYPE, headers={
        "Content-Disposition": f"attachment; filename={name}; filename*=UTF-8''{quote(name)}"})


@bp.route("/new", methods=["GET", "POST"])
def new(org_slug: str):
    """Положение 6.1: the mentor's competences beside the mentee's difficulties, the load against the
    capacity; the form of mentoring from the municipality's dictionary (2.3)."""
    words = dictionary.load()
    mentors, mentees = services.mentor_choices(), services.mentee_choices()
    form = ProposeForm()
    form.form_code.choices = [("", "")] + words.choices(DictionaryKind.form)
    form.mentor.choices = [(str(r.teacher_id), _full(r) + (f" — {_('no room')}" if r.taken >= r.capacity else ""))
                           for r in mentors]
    form.mentees.choices = [(str(r.teacher_id), _full(r)) for r in mentees]
    if form.validate_on_submit():
        mentee_ids = [uuid.UUID(value) for value in form.mentees.data or []]
        outcome = attempt(form, services.propose, uuid.UUID(form.mentor.data), mentee_ids, form.form_code.data)
        if outcome:
            flash(_("The pair is proposed: each participant is asked to agree on their page «My pairs»."), "info")
            return redirect(url_for("pairs.detail", org_slug=org_slug, pair_id=outcome.value.id))
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/new.html", form=form, mentors=mentors, mentees=mentees,
                           competences=words.names(DictionaryKind.competence),
                           forms=words.names(DictionaryKind.form), **_words()), status


def _full(row) -> str:
    return " ".join(part for part in (row.last_name, row.first_name, row.middle_name) if part)


def _pair_or_404(pair_id: str):
    pair = services.get_pair(parse_id(pair_id))
    if pair is None:
        abort(404)
    return pair


@bp.get("/<pair_id>")
def detail(org_slug: str, pair_id: str):
    pair = _pair_or_404(pair_id)
    members = lifecycle.current(pair)
    return render_template("pairs/detail.html", pair=pair, people=services.participants(pair),
                           lacks=lifecycle.lacking(pair, members), history=services.history(pair),
                           programme_id=services.programme_of(pair),
                           forms=dictionary.load().names(DictionaryKind.form), form=EmptyForm(), **_words())


@bp.post("/<pair_id>/consents")
def check_consents(org_slug: str, pair_id: str):
    pair = _pair_or_404(pair_id)
    form = EmptyForm()
    if form.validate_on_submit() and attempt(form, services.check_consents, pair.id):
        flash(_("Every consent stands: the pair waits for the director's order."), "info")
    return redirect(url_for("pairs.detail", org_slug=org_slug, pair_id=pair.id))


@bp.route("/<pair_id>/paper", methods=["GET", "POST"])
def paper_answer(org_slug: str, pair_id: str):
    """Положение 1.3.5, 6.2: the answer of a participant who signed a statement on paper."""
    pair = _pair_or_404(pair_id)
    back = url_for("pairs.detail", org_slug=org_slug, pair_id=pair.id)
    people = services.participants(pair)
    waiting = [p for p in people if p.left_at is None and p.response == Response.pending]
    if pair.status != PairStatus.draft or not waiting:
        flash(_("Nobody in this pair is waiting to answer."), "error")
        return redirect(back)
    form = PaperAnswerForm()
    words = _words()
    form.participant.choices = [(str(p.id), f"{_full(p)} — {labels.role_word(p.role, p.middle_name)}") for p in waiting]
    if form.validate_on_submit() and attempt(
            form, services.record_paper_answer, pair.id, uuid.UUID(form.participant.data),
            form.answer.data == "accepted", form.signed_on.data, form.reason.data):
        flash(_("The answer given on paper is recorded."), "info")
        return redirect(back)
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/paper_answer.html", form=form, pair=pair, back=back,
                           forms=dictionary.load().names(DictionaryKind.form), **words), status


@bp.route("/<pair_id>/end", methods=["GET", "POST"])
def end(org_slug: str, pair_id: str):
    """Положение 7.1: the end with its reason; the page itself is the confirmation."""
    pair = _pair_or_404(pair_id)
    back = url_for("pairs.detail", org_slug=org_slug, pair_id=pair.id)
    refused = refusal(lifecycle.require_open, pair)
    if refused is not None:
        flash(refused, "error")
        return redirect(back)
    form = EndForm()
    by_order = pair.status == PairStatus.active
    if by_order and form.validate_on_submit():
        # The order's draft page, filled in: the curator creates the draft there, the director signs.
        reason = EndReason(form.reason.data)
        kind = "completion" if reason == EndReason.plan_completed else "early_end"
        return redirect(url_for("orders.new", org_slug=org_slug, kind=kind, pair=pair.id,
                                reason=None if kind == "completion" else reason.value, note=form.note.data or None))
    if not by_order and form.validate_on_submit() and attempt(form, services.end_early, pair.id,
                                                              EndReason(form.reason.data), form.note.data):
        flash(_("The pair has ended."), "info")
        return redirect(back)
    if by_order:
        form.submit.label.text = _("Go on to the order of the end")
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/end.html", form=form, pair=pair, people=services.participants(pair),
                           back=back, by_order=by_order, **_words()), status


# ------------------------------------------------------------------------------------ my pairs


@bp.get("/my")
def mine(org_slug: str):
    pagination, names, extra = services.my_page()
    return render_template("pairs/mine.html", pagination=pagination, names=names, form=EmptyForm(),
                           forms=dictionary.load().names(DictionaryKind.form), **_words())


def _my_pair_or_404(pair_id: str):
    found = services.my_pair(parse_id(pair_id))
    if found is None:
        abort(404)
    return found


@bp.post("/my/<pair_id>/accept")
def accept(org_slug: str, pair_id: str):
    pair, _participant = _my_pair_or_404(pair_id)
    form = EmptyForm()
    if form.validate_on_submit() and attempt(form, services.accept, pair.id):
        flash(_("You have agreed to the pair."), "info")
    return redirect(url_for("pairs.mine", org_slug=org_slug))


@bp.route("/my/<pair_id>/decline", methods=["GET", "POST"])
def decline(org_slug: str, pair_id: str):
    pair, participant = _my_pair_or_404(pair_id)
    form = DeclineForm()
    if form.validate_on_submit() and attempt(form, services.decline, pair.id, form.reason.data):
        flash(_("You have declined the proposal. It is kept and will not be made again."), "info")
        return redirect(url_for("pairs.mine", org_slug=org_slug))
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/decline.html", form=form, pair=pair,
                           names=services.names_of([pair.id])[pair.id], **_words()), status
