"""Pages of the consent ledger: the curator's overview and a person's consents, the record of a paper
form and of a paper withdrawal, the texts and their versions, the scans and acts; and the teacher's own
page «Мои согласия» (read the exact text, give, withdraw, print).

Another school's consent, scan, text, act or person answers 404 exactly like a random id: every object
is loaded in the current organization's scope (and RLS backs it)."""
from __future__ import annotations

import io
import uuid

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.consents import bp, overview, printing, services, texts
from app.consents.forms import GiveForm, PaperForm, PaperWithdrawalForm, SearchForm, TextForm
from app.consents.labels import CHANNEL_LABELS, PURPOSE_LABELS, STATE_LABELS
from app.consents.models import Purpose
from app.consents.scans import MAX_SCAN_BYTES
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UPLOADS = frozenset({"consents.record_paper", "consents.record_withdrawal"})


@bp.url_value_preprocessor
def _upload_limit(endpoint, values) -> None:
    """A scan may be up to 5 MB: these two forms read a larger body than the application's default
    (set before anything parses the form; a scan over the limit is refused in words by the service)."""
    if endpoint in UPLOADS:
        request.max_content_length = MAX_SCAN_BYTES + 1024 * 1024


def _purpose(value: str | None) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        abort(404)


def _docx(printed):
    if printed is None:
        abort(404)
    return send_file(io.BytesIO(printed.content), mimetype=DOCX, as_attachment=True, download_name=printed.filename)


def _words() -> dict:
    return {"purpose_labels": PURPOSE_LABELS, "channel_labels": CHANNEL_LABELS, "state_labels": STATE_LABELS,
            "purposes": list(Purpose)}


# ----------------------------------------------------------------------------- the curator's pages


@bp.get("/")
def overview_page(org_slug: str):
    lacking = request.args.get("lacking") == "processing"
    form = SearchForm(request.args)
    if not form.validate():
        return render_template("consents/overview.html", pagination=None, form=form, lacking=lacking,
                               filters={}, state_purposes=overview.STATE_PURPOSES, **_words()), 400
    filters = {key: value for key, value in (("q", form.q.data), ("lacking", "processing" if lacking else None))
               if value}
    return render_template("consents/overview.html", form=form, filters=filters, lacking=lacking,
                           pagination=overview.overview_page(lacking_processing=lacking, query=form.q.data),
                           state_purposes=overview.STATE_PURPOSES, **_words())


@bp.get("/people/<teacher_id>")
def person(org_slug: str, teacher_id: str):
    teacher = services.get_teacher(parse_id(teacher_id))
    if teacher is None:
        abort(404)
    consents = services.consents_of(teacher.id)
    return render_template("consents/person.html", teacher=teacher, consents=consents,
                           acts=services.acts_of(teacher.id),
                           versions=services.texts_by_id(c.text_id for c in consents), **_words())


def _paper_choices(form, purpose_texts) -> None:
    form.text_id.choices = [(str(t.id), f"{PURPOSE_LABELS[t.purpose]} — {_('version %(n)d', n=t.version)}")
                            for t in purpose_texts]
    _choice_lists(form)


def _choice_lists(form) -> None:
    form.recipient.choices = [("", "—")] + [(str(o.id), o.name) for o in services.recipients()]
    form.published.choices = [(k, str(v)) for k, v in texts.PUBLISHABLE_LABELS.items()]
    form.places.choices = [(k, str(v)) for k, v in texts.PLACE_LABELS.items()]
    form.form.choices = [("", "—")] + [(f, f) for f in texts.MENTORING_FORMS]


def _uuid_or_none(value):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None  # the service refuses it in words


def _choices_of(form) -> services.Choices:
    return services.Choices(recipient_org_id=_uuid_or_none(form.recipient.data),
                            published=list(form.published.data or []), places=list(form.places.data or []),
                            terms={"term": form.term.data or "", "form": form.form.data or "",
                                   "pay": form.pay.data or ""})


@bp.route("/people/<teacher_id>/paper", methods=["GET", "POST"])
def record_paper(org_slug: str, teacher_id: str):
    teacher = services.get_teacher(parse_id(teacher_id))
    if teacher is None:
        abort(404)
    form = PaperForm()
    purpose_texts = [t for p in Purpose for t in texts.versions(p)]
    _paper_choices(form, purpose_texts)
    by_id = {str(t.id): t for t in purpose_texts}
    if form.validate_on_submit():
        chosen = by_id.get(form.text_id.data)
        if chosen is None:
            form.text_id.errors.append(_("Choose the version of the text that was signed."))
        else:
            upload = form.scan.data
            if attempt(form, services.record_paper, teacher.id, chosen.purpose, chosen.id, form.signed_on.data,
                       upload.read(MAX_SCAN_BYTES + 1), upload.filename, _choices_of(form)):
                flash(_("The consent has been recorded."), "info")
                return redirect(url_for("consents.person", org_slug=org_slug, teacher_id=teacher.id))
    return render_template("consents/paper.html", form=form, teacher=teacher, has_texts=bool(purpose_texts),
                           **_words())


@bp.get("/people/<teacher_id>/blank.docx")
def blank_form(org_slug: str, teacher_id: str):
    outcome = attempt(None, printing.blank_form, parse_id(teacher_id), _purpose(request.args.get("purpose")))
    return _docx(outcome.value)


@bp.get("/<consent_id>")
def consent(org_slug: str, consent_id: str):
    outcome = attempt(None, services.view_consent, parse_id(consent_id))
    if outcome.value is None:
        abort(404)
    record = outcome.value
    text_row, body = services.filled_text(record)
    return render_template("consents/consent.html", consent=record, text=text_row, body=body,
                           teacher=services.get_teacher(record.teacher_id),
                           act=services.acts_of(record.teacher_id).get(record.id), **_words())


@bp.get("/<consent_id>/form.docx")
def form(org_slug: str, consent_id: str):
    return _docx(attempt(None, printing.consent_form, parse_id(consent_id)).value)


@bp.route("/<consent_id>/withdraw", methods=["GET", "POST"])
def record_withdrawal(org_slug: str, consent_id: str):
    record = services.get_consent(parse_id(consent_id))
    if record is None:
        abort(404)
    form = PaperWithdrawalForm()
    if record.withdrawn_at is None and form.validate_on_submit():
        upload = form.scan.data
        if attempt(form, services.record_paper_withdrawal, record.id, form.received_on.data,
                   upload.read(MAX_SCAN_BYTES + 1), upload.filename):
            flash(_("The withdrawal has been recorded; it takes effect at once."), "info")
            return redirect(url_for("consents.consent", org_slug=org_slug, consent_id=record.id))
    return render_template("consents/paper_withdrawal.html", form=form, consent=record,
                           teacher=services.get_teacher(record.teacher_id), **_words())


@bp.get("/scans/<scan_id>")
def scan(org_slug: str, scan_id: str):
    found = attempt(None, services.open_scan, parse_id(scan_id)).value
    if found is None:
        abort(404)
    return send_file(io.BytesIO(found.content), mimetype=found.media_type, as_attachment=True,
                     download_name=found.filename)


@bp.get("/acts/<act_id>")
def act(org_slug: str, act_id: str):
    found = attempt(None, services.open_act, parse_id(act_id)).value
    if found is None:
        abort(404)
    return send_file(io.BytesIO(found.content), mimetype=DOCX, as_attachment=True, download_name=found.filename)


@bp.get("/texts")
def texts_page(org_slug: str):
    return render_template("consents/texts.html", current=texts.current_texts(), **_words())


@bp.get("/texts/<text_id>")
def text(org_slug: str, text_id: str):
    found = texts.get_text(parse_id(text_id))
    if found is None:
        abort(404)
    return render_template("consents/text.html", text=found, versions=texts.versions(found.purpose), **_words())


@bp.route("/texts/new", methods=["GET", "POST"])
def new_text(org_slug: str):
    purpose = _purpose(request.args.get("purpose"))
    form = TextForm()
    if form.validate_on_submit():
        outcome = attempt(form, services.publish_text, purpose, form.title.data, form.body.data)
        if outcome:
            flash(_("The new version is published; consents given before keep the version they were given on."),
                  "info")
            return redirect(url_for("consents.text", org_slug=org_slug, text_id=outcome.value.id))
    elif request.method == "GET":
        current = attempt(None, services.text_for_giving, purpose).value
        form.title.data, form.body.data = current.title, current.body
    return render_template("consents/new_text.html", form=form, purpose=purpose,
                           markers=texts.REQUIRED_MARKERS[purpose],
                           **_words())


# ------------------------------------------------------------------------------- my own consents


@bp.get("/mine")
def mine(org_slug: str):
    teacher = services.own_teacher()
    consents = services.consents_of(teacher.id) if teacher else []
    standing = {c.purpose for c in consents if c.withdrawn_at is None and c.purpose is not Purpose.transfer}
    return render_template("consents/mine.html", teacher=teacher, consents=consents, standing=standing,
                           **_words())


@bp.route("/mine/give", methods=["GET", "POST"])
def give(org_slug: str):
    purpose = _purpose(request.args.get("purpose"))
    teacher = services.own_teacher()
    if teacher is None:
        abort(404)
    form = GiveForm()
    _choice_lists(form)
    if form.validate_on_submit():
        if attempt(form, services.give, purpose, parse_id(form.text_id.data), _choices_of(form),
                   user_agent=request.user_agent.string):
            flash(_("Thank you: the consent is given. You can withdraw it here at any time."), "info")
            return redirect(url_for("consents.mine", org_slug=org_slug))
    current = attempt(None, services.text_for_giving, purpose).value
    if request.method == "GET" or not form.text_id.data:
        form.text_id.data = str(current.id)
    body = texts.fill(current.body, services.filling_for(teacher, org=g.org))
    return render_template("consents/give.html", form=form, purpose=purpose, text=current, body=body, **_words())


@bp.route("/mine/<consent_id>/withdraw", methods=["GET", "POST"])
def withdraw(org_slug: str, consent_id: str):
    teacher, record = services.own_teacher(), services.get_consent(parse_id(consent_id))
    if teacher is None or record is None or record.teacher_id != teacher.id:
        abort(404)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        form = EmptyForm()
        if form.validate_on_submit() and attempt(form, services.withdraw_own, record.id):
            flash(_("The consent is withdrawn; it has stopped the processing for this purpose at once."), "info")
            return redirect(url_for("consents.mine", org_slug=org_slug))
    return render_template("consents/withdraw.html", consent=record, **_words())


@bp.get("/mine/<consent_id>/form.docx")
def my_form(org_slug: str, consent_id: str):
    return _docx(attempt(None, printing.own_consent_form, parse_id(consent_id)).value)


@bp.get("/mine/blank.docx")
def my_blank(org_slug: str):
    return _docx(attempt(None, printing.own_blank_form, _purpose(request.args.get("purpose"))).value)
