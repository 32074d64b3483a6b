"""The orders' pages: the registry, a new draft, the draft's text and its DOCX preview, the director's
queue and signing, the order page (DOCX, scan, acknowledgements), the number format, a person's orders
to acknowledge."""
from __future__ import annotations

import io
import uuid

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from app.consents.scans import MAX_SCAN_BYTES
from app.core.http import client_ip, parse_id
from app.core.uow import attempt
from app.orders import bp, labels, lists, services, word
from app.orders.forms import DraftForm, FilterForm, NewOrderForm, ScanForm, SettingsForm, SignForm
from app.orders.models import OrderKind, OrderStatus
from app.orgs.requisites import for_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UPLOADS = frozenset({"orders.scan"})


@bp.url_value_preprocessor
def _upload_limit(endpoint, values) -> None:
    """A scan may be up to 5 MB (set before anything parses the form)."""
    if endpoint in UPLOADS:
        request.max_content_length = MAX_SCAN_BYTES + 1024 * 1024


def _words() -> dict:
    return dict(kinds=labels.KIND, statuses=labels.STATUS)


def _order_or_404(order_id: str):
    order = services.get(parse_id(order_id))
    if order is None:
        abort(404)
    return order


def _uuid(value: str | None):
    return uuid.UUID(value) if value else None


@bp.get("/")
def registry(org_slug: str):
    form = FilterForm(request.args)
    if request.args and not form.validate():
        return render_template("orders/registry.html", form=form, pagination=None, filters={}, **_words()), 400
    flt = lists.OrderFilter(year=form.year.data, kind=OrderKind(form.kind.data) if form.kind.data else None,
                            status=OrderStatus(form.status.data) if form.status.data else None, q=form.q.data or None)
    filters = {k: v for k, v in request.args.items() if k in ("year", "kind", "status", "q") and v}
    return render_template("orders/registry.html", form=form, pagination=lists.registry(flt), filters=filters,
                           **_words())


@bp.route("/new", methods=["GET", "POST"])
def new(org_slug: str):
    form = NewOrderForm()
    offered = services.choices()
    form.petition_id.choices = [("", "")] + offered["petitions"]
    if request.method == "GET":
        # Prefilled from the page that sent the curator here (a petition, a pair's end); checked on POST.
        for name, arg in (("petition_id", "petition"), ("kind", "kind"), ("pair_id", "pair"), ("reason", "reason"),
                          ("note", "note")):
            if request.args.get(arg):
                getattr(form, name).data = request.args[arg]
    form.teacher_id.choices = [("", "")] + offered["teachers"]
    form.new_mentor_id.choices = [("", "")] + offered["teachers"]
    form.entry_ids.choices = offered["candidates"]
    form.pair_ids.choices = offered["ready_pairs"]
    form.pair_id.choices = [("", "")] + offered["active_pairs"]
    if form.validate_on_submit():
        draft = services.DraftRequest(
            kind=OrderKind(form.kind.data), teacher_id=_uuid(form.teacher_id.data),
            entry_ids=[uuid.UUID(v) for v in form.entry_ids.data or []],
            pair_ids=[uuid.UUID(v) for v in form.pair_ids.data or []], pair_id=_uuid(form.pair_id.data),
            new_mentor_id=_uuid(form.new_mentor_id.data), until=form.until.data, reason=form.reason.data or None,
            note=form.note.data or None, petition_id=_uuid(form.petition_id.data))
        outcome = attempt(form, services.create_draft, draft)
        if outcome:
            flash(_("The draft is created: check its text."), "info")
            return redirect(url_for("orders.edit", org_slug=org_slug, order_id=outcome.value.id))
    status = 400 if request.method == "POST" else 200
    return render_template("orders/new.html", form=form), status


@bp.get("/<order_id>")
def order(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    return render_template("orders/order.html", order=found, people=services.people_of(found),
                           acks=services.acknowledgements(found), scan=services.latest_scan(found),
                           scan_form=ScanForm(), **_words())


@bp.route("/<order_id>/edit", methods=["GET", "POST"])
def edit(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    if found.is_signed:
        flash(_("A signed order is never edited: it is changed only by a new order."), "error")
        return redirect(url_for("orders.order", org_slug=org_slug, order_id=found.id))
    if request.method == "GET":
        form = DraftForm(title=found.title, preamble=found.preamble, appendix=found.appendix,
                         items="\n".join(" ".join(p for p in (i.get("lead"), i.get("text")) if p) for i in found.items))
    else:
        form = DraftForm()
    if form.validate_on_submit():
        text = services.DraftText(form.title.data, form.preamble.data, form.item_list(), form.appendix.data)
        if attempt(form, services.edit_draft, found.id, text):
            flash(_("The draft is saved."), "info")
            return redirect(url_for("orders.order", org_slug=org_slug, order_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("orders/edit.html", form=form, order=found, **_words()), status


@bp.get("/<order_id>/docx")
def docx(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    content = word.build(found, services.people_of(found), for_documents(g.org))
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=word.filename(found))


@bp.get("/to-sign")
def queue(org_slug: str):
    pagination, named = lists.queue()
    return render_template("orders/queue.html", pagination=pagination, named=named, **_words())


@bp.route("/<order_id>/sign", methods=["GET", "POST"])
def sign(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    form = SignForm()
    relaxed = services.relaxed()
    if form.validate_on_submit():
        if not relaxed and not form.code.data:
            form.code.errors = [_("Enter the code of your authenticator app.")]
        elif attempt(form, services.sign, found.id, form.code.data or "", client_ip()):
            flash(_("The order is signed: № %(number)s.", number=found.number), "info")
            return redirect(url_for("orders.order", org_slug=org_slug, order_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("orders/sign.html", form=form, order=found, relaxed=relaxed,
                           people=services.people_of(found), **_words()), status


@bp.post("/<order_id>/scan")
def scan(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    form = ScanForm()
    if form.validate_on_submit():
        upload = form.scan.data
        content = upload.read() if upload else b""
        if attempt(form, services.attach_scan, found.id, content, getattr(upload, "filename", None)):
            flash(_("The scan is attached."), "info")
            return redirect(url_for("orders.order", org_slug=org_slug, order_id=found.id))
    return render_template("orders/order.html", order=found, people=services.people_of(found),
                           acks=services.acknowledgements(found), scan=services.latest_scan(found),
                           scan_form=form, **_words()), 400


@bp.get("/<order_id>/scan")
def scan_file(org_slug: str, order_id: str):
    found = _order_or_404(order_id)
    stored = services.latest_scan(found, with_content=True)
    if stored is None:
        abort(404)
    return send_file(io.BytesIO(stored.content), mimetype=stored.media_type, as_attachment=True,
                     download_name=stored.filename)


@bp.route("/settings", methods=["GET", "POST"])
def settings(org_slug: str):
    form = SettingsForm(number_format=services.number_format()) if request.method == "GET" else SettingsForm()
    if form.validate_on_submit() and attempt(form, services.save_settings, form.number_format.data):
        flash(_("The number format is saved."), "info")
        return redirect(url_for("orders.settings", org_slug=org_slug))
    status = 400 if request.method == "POST" else 200
    return render_template("orders/settings.html", form=form), status


@bp.get("/my")
def mine(org_slug: str):
    return render_template("orders/mine.html", pagination=lists.mine(), **_words())


@bp.get("/my/<order_id>/docx")
def my_docx(org_slug: str, order_id: str):
    found = services.get(parse_id(order_id))
    if found is None or not found.is_signed or not services.names_me(found):
        abort(404)
    content = word.build(found, services.people_of(found), for_documents(g.org))
    return send_file(io.BytesIO(content), mimetype=DOCX, as_attachment=True, download_name=word.filename(found))


@bp.post("/my/<order_id>/acknowledge")
def acknowledge(org_slug: str, order_id: str):
    found = services.get(parse_id(order_id))
    if found is None or not found.is_signed or not services.names_me(found):
        abort(404)
    if attempt(None, services.acknowledge, found.id):
        flash(_("You have acknowledged the order."), "info")
    return redirect(url_for("orders.mine", org_slug=org_slug))
