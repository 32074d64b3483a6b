"""The banks' working pages (curator, methodist, school admin; the director reads and approves):
the bank of mentors, the candidates, the bank of mentees, the waiting list's support, the review,
sending the questionnaire and the request form, the curator's copies of paper forms."""
from __future__ import annotations

import uuid

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.banks import bp, dictionary, labels, mentees, mentors, sending
from app.banks.common import history, own_teacher, teacher_of_org
from app.banks.forms import (ApproveForm, BasisForm, DeactivateForm, EndSupportForm, MenteeFilterForm,
                             MentorFilterForm, QuestionnaireForm, ReviewForm, SendFilterForm, StatusForm,
                             SupportForm, requests_form)
from app.banks.models import Bank, BasisKind, DictionaryKind, MenteeCategory, MenteeStatus, MentorStatus, PayKind, \
    SupportKind
from app.consents.gate import has_standing
from app.consents.models import Purpose
from app.core.errors import ServiceError
from app.core.forms import EmptyForm
from app.core.http import parse_id
from app.core.uow import attempt

MENTOR_FILTERS = ("name", "competence", "subject", "form", "status", "free")
MENTEE_FILTERS = ("name", "category", "difficulty", "status", "waiting")


def _or_404(found):
    if found is None:
        abort(404)
    return found


def _filters(names) -> dict:
    return {key: value for key, value in request.args.items() if key in names and value}


def _words() -> dict:
    return dict(mentor_status=labels.MENTOR_STATUS, mentee_status=labels.MENTEE_STATUS,
                categories=labels.MENTEE_CATEGORY, support_kinds=labels.SUPPORT_KIND, basis_kinds=labels.BASIS_KIND,
                pay_kinds=labels.PAY_KIND, filled_by=labels.FILLED_BY, status_words=labels.STATUS_WORDS)


# ------------------------------------------------------------------------------ bank of mentors


@bp.get("/mentors")
def mentor_bank(org_slug: str):
    words = dictionary.load()
    form = MentorFilterForm(request.args)
    form.competence.choices = [("", "")] + words.choices(DictionaryKind.competence)
    form.form.choices = [("", "")] + words.choices(DictionaryKind.form)
    filters = _filters(MENTOR_FILTERS)
    if filters and not form.validate():
        return render_template("banks/mentors.html", form=form, pagination=None, filters={}, lacking=[],
                               competences={}, forms={}, **_words()), 400
    flt = mentors.MentorFilter(name=form.name.data, competence=form.competence.data or None,
                               subject=form.subject.data, form=form.form.data or None, free=bool(form.free.data),
                               status=MentorStatus(form.status.data) if form.status.data else None)
    return render_template("banks/mentors.html", form=form, pagination=mentors.page(flt), filters=filters,
                           lacking=mentors.lacking(), competences=words.names(DictionaryKind.competence),
                           forms=words.names(DictionaryKind.form), **_words())


@bp.get("/candidates")
def candidates(org_slug: str):
    return render_template("banks/candidates.html", pagination=mentors.candidates_page(),
                           competences=dictionary.load().names(DictionaryKind.competence), **_words())


@bp.get("/mentors/<entry_id>")
def mentor_entry(org_slug: str, entry_id: str):
    # Opening a personal record is itself recorded (152-ФЗ ст. 19).
    entry, teacher = _or_404(attempt(None, mentors.view_entry, parse_id(entry_id)).value)
    words = dictionary.load()
    return render_template("banks/mentor_entry.html", entry=entry, teacher=teacher,
                           history=history(entry),
                           has_duty_consent=has_standing(teacher.id, Purpose.mentor_duty),
                           competences=words.names(DictionaryKind.competence), forms=words.names(DictionaryKind.form),
                           **_words())


@bp.route("/mentors/<entry_id>/basis", methods=["GET", "POST"])
def mentor_basis(org_slug: str, entry_id: str):
    entry_uuid = parse_id(entry_id)
    entry, teacher = _or_404(mentors.get_entry(entry_uuid))
    if request.method == "GET":
        form = BasisForm(kind=entry.basis.value if entry.basis else None, agreement_content=entry.agreement_content,
                         agreement_from=entry.agreement_from, agreement_until=entry.agreement_until,
                         agreement_form=entry.agreement_form, pay_kind=entry.pay_kind.value if entry.pay_kind else None,
                         pay_amount=entry.pay_amount, job_description_ref=entry.job_description_ref)
    else:
        form = BasisForm()
    form.agreement_form.choices = [("", "")] + dictionary.load().choices(DictionaryKind.form)
    if form.validate_on_submit():
        basis = mentors.Basis(kind=BasisKind(form.kind.data), agreement_content=form.agreement_content.data,
                              agreement_from=form.agreement_from.data, agreement_until=form.agreement_until.data,
                              agreement_form=form.agreement_form.data or None,
                              pay_kind=PayKind(form.pay_kind.data) if form.pay_kind.data else None,
                              pay_amount=form.pay_amount.data, job_description_ref=form.job_description_ref.data)
        if attempt(form, mentors.set_basis, entry, teacher, basis):
            flash(_("The legal basis is saved."), "info")
            return redirect(url_for("banks.mentor_entry", org_slug=org_slug, entry_id=entry.id))
    status = 400 if request.method == "POST" else 200
    return render_template("banks/basis.html", form=form, entry=entry, teacher=teacher), status


@bp.route("/mentors/<entry_id>/approve", methods=["GET", "POST"])
def mentor_approve(org_slug: str, entry_id: str):
    entry, teacher = _or_404(mentors.get_entry(parse_id(entry_id)))
    form = ApproveForm()
    if form.validate_on_submit() and attempt(form, mentors.approve, entry.id, form.order_ref.data):
        flash(_("%(name)s is approved as a mentor.", name=teacher.full_name), "info")
        return redirect(url_for("banks.candidates", org_slug=org_slug))
    try:
        mentors.check_approve(entry, teacher)
        refusal = None
    except ServiceError as error:
        refusal = str(error.message)
    status = 400 if request.method == "POST" else 200
    return render_template("banks/approve.html", form=form, entry=entry, teacher=teacher, refusal=refusal), status


@bp.route("/mentors/<entry_id>/deactivate", methods=["GET", "POST"])
def mentor_deactivate(org_slug: str, entry_id: str):
    entry, teacher = _or_404(mentors.get_entry(parse_id(entry_id)))
    form = DeactivateForm()
    if form.validate_on_submit() and attempt(form, mentors.deactivate, entry.id, form.reason.data):
        flash(_("%(name)s has left the bank of mentors.", name=teacher.full_name), "info")
        return redirect(url_for("banks.mentor_bank", org_slug=org_slug))
    status = 400 if request.method == "POST" else 200
    return render_template("banks/deactivate.html", form=form, entry=entry, teacher=teacher), status


@bp.route("/mentors/for/<teacher_id>", methods=["GET", "POST"])
def fill_questionnaire(org_slug: str, teacher_id: str):
    """The curator's copy of a signed paper questionnaire."""
    teacher = _or_404(teacher_of_org(parse_id(teacher_id)))
    return _questionnaire_page(teacher, own=False)


def _questionnaire_page(teacher, *, own: bool):
    consent = has_standing(teacher.id, Purpose.processing)
    entry = mentors.entry_of_teacher(teacher.id) if consent else None
    if request.method == "GET" and entry is not None:
        form = QuestionnaireForm(competences=entry.competences, subjects=", ".join(entry.subjects), topics=entry.topics,
                                 forms=entry.forms, capacity=entry.capacity, availability=entry.availability,
                                 experience=entry.experience)
    else:
        form = QuestionnaireForm()
    words = dictionary.load()
    form.competences.choices = words.choices(DictionaryKind.competence)
    form.forms.choices = words.choices(DictionaryKind.form)
    if form.validate_on_submit():
        answers = mentors.Questionnaire(competences=form.competences.data or [], subjects=form.subject_list(),
                                        topics=form.topics.data, forms=form.forms.data or [],
                                        capacity=form.capacity.data, availability=form.availability.data,
                                        experience=form.experience.data)
        if attempt(form, mentors.submit_questionnaire, teacher, answers, own=own):
            flash(_("The questionnaire is saved."), "info")
            target = (url_for("banks.my_questionnaire", org_slug=g.org.slug) if own
                      else url_for("banks.mentor_bank", org_slug=g.org.slug))
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    todo = sending.unanswered_from(teacher.id, Bank.mentor)
    return render_template("banks/questionnaire.html", form=form, teacher=teacher, entry=entry, own=own,
                           consent=consent, todo=todo, **_words()), status


# ------------------------------------------------------------------------------- bank of mentees


@bp.get("/mentees")
def mentee_bank(org_slug: str):
    words = dictionary.load()
    form = MenteeFilterForm(request.args)
    form.difficulty.choices = [("", "")] + words.choices(DictionaryKind.competence)
    filters = _filters(MENTEE_FILTERS)
    review = mentees.last_review()
    if filters and not form.validate():
        return render_template("banks/mentees.html", form=form, pagination=None, filters={}, lacking=[],
                               competences={}, review=review, **_words()), 400
    flt = mentees.MenteeFilter(name=form.name.data,
                               category=MenteeCategory(form.category.data) if form.category.data else None,
                               difficulty=form.difficulty.data or None,
                               status=MenteeStatus(form.status.data) if form.status.data else None,
                               waiting=bool(form.waiting.data))
    return render_template("banks/mentees.html", form=form, pagination=mentees.page(flt), filters=filters,
                           lacking=mentees.lacking(), competences=words.names(DictionaryKind.competence),
                           review=review, **_words())


def _mentee_page(entry, teacher, status_form=None, status: int = 200):
    if status_form is None:
        status_form = StatusForm()
    status_form.status.choices = _status_choices(entry)
    return render_template("banks/mentee_entry.html", entry=entry, teacher=teacher, history=history(entry),
                           supports=mentees.supports_of(entry), status_form=status_form,
                           competences=dictionary.load().names(DictionaryKind.competence), **_words()), status


def _status_choices(entry) -> list[tuple[str, str]]:
    """The statuses that may follow the entry's, in the statuses' own order (a set's order changes from one
    process to the next), after an empty choice: the form changes nothing until one is chosen."""
    return [("", "—")] + [(s.value, str(labels.MENTEE_STATUS[s])) for s in MenteeStatus
                          if s in mentees.TRANSITIONS[entry.status]]


@bp.get("/mentees/<entry_id>")
def mentee_entry(org_slug: str, entry_id: str):
    entry, teacher = _or_404(attempt(None, mentees.view_entry, parse_id(entry_id)).value)
    return _mentee_page(entry, teacher)


@bp.post("/mentees/<entry_id>/status")
def mentee_status(org_slug: str, entry_id: str):
    entry, teacher = _or_404(mentees.get_entry(parse_id(entry_id)))
    form = StatusForm()
    form.status.choices = _status_choices(entry)
    if form.validate_on_submit() and attempt(form, mentees.change_status, entry.id, MenteeStatus(form.status.data),
                                             form.reason.data):
        flash(_("The status is changed."), "info")
        return redirect(url_for("banks.mentee_entry", org_slug=org_slug, entry_id=entry.id))
    return _mentee_page(entry, teacher, form, 400)


@bp.route("/mentees/<entry_id>/support", methods=["GET", "POST"])
def mentee_support(org_slug: str, entry_id: str):
    entry, teacher = _or_404(mentees.get_entry(parse_id(entry_id)))
    form = SupportForm()
    if form.validate_on_submit() and attempt(form, mentees.add_support, entry.id, SupportKind(form.kind.data),
                                             form.description.data, form.starts_on.data, form.ends_on.data):
        flash(_("The support is recorded."), "info")
        return redirect(url_for("banks.mentee_entry", org_slug=org_slug, entry_id=entry.id))
    status = 400 if request.method == "POST" else 200
    return render_template("banks/support.html", form=form, entry=entry, teacher=teacher), status


@bp.route("/support/<support_id>/end", methods=["GET", "POST"])
def end_support(org_slug: str, support_id: str):
    support, entry, teacher = _or_404(mentees.get_support(parse_id(support_id)))
    form = EndSupportForm()
    if form.validate_on_submit() and attempt(form, mentees.end_support, support.id, form.ends_on.data):
        flash(_("The support is ended."), "info")
        return redirect(url_for("banks.mentee_entry", org_slug=org_slug, entry_id=entry.id))
    status = 400 if request.method == "POST" else 200
    return render_template("banks/end_support.html", form=form, support=support, entry=entry, teacher=teacher,
                           **_words()), status


@bp.route("/mentees/review", methods=["GET", "POST"])
def review(org_slug: str):
    form = ReviewForm()
    if form.validate_on_submit() and attempt(form, mentees.review, form.note.data):
        flash(_("The bank of mentees is marked reviewed."), "info")
        return redirect(url_for("banks.mentee_bank", org_slug=org_slug))
    status = 400 if request.method == "POST" else 200
    return render_template("banks/review.html", form=form, review=mentees.last_review()), status


@bp.route("/mentees/for/<teacher_id>", methods=["GET", "POST"])
def fill_requests(org_slug: str, teacher_id: str):
    """The curator's copy of a signed paper form of requests."""
    teacher = _or_404(teacher_of_org(parse_id(teacher_id)))
    return _requests_page(teacher, own=False)


def _requests_page(teacher, *, own: bool):
    consent = has_standing(teacher.id, Purpose.processing)
    entry = mentees.entry_of_teacher(teacher.id) if consent else None
    competences = dictionary.load().items(DictionaryKind.competence)
    if request.method == "GET" and entry is not None:
        prefill = {f"d_{code}": text for code, text in (entry.difficulties or {}).items()}
        form = requests_form(competences, category=entry.category.value if entry.category else None,
                             request_text=entry.request_text, **prefill)
    else:
        form = requests_form(competences)
    if form.validate_on_submit():
        answers = mentees.Requests(category=MenteeCategory(form.category.data), difficulties=form.difficulties(),
                                   request_text=form.request_text.data)
        if attempt(form, mentees.submit_requests, teacher, answers, own=own):
            flash(_("The requests are saved."), "info")
            target = (url_for("banks.my_requests", org_slug=g.org.slug) if own
                      else url_for("banks.mentee_bank", org_slug=g.org.slug))
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    todo = sending.unanswered_from(teacher.id, Bank.mentee)
    fields = [form[name] for _code, name in form.competence_fields]
    return render_template("banks/requests.html", form=form, fields=fields, teacher=teacher, entry=entry, own=own,
                           consent=consent, todo=todo, **_words()), status


# ---------------------------------------------------------------------------------------- sending


def _uuid(value: str):
    """A chosen teacher's id; a tampered one matches nobody, and the service refuses the choice."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.UUID(int=0)


def _send_page(bank: Bank, endpoint: str):
    form = SendFilterForm(request.args)
    name = form.name.data if (not request.args.get("name") or form.validate()) else None
    action = EmptyForm()
    if request.method == "POST" and action.validate_on_submit():
        ids = [_uuid(value) for value in request.form.getlist("teacher")]
        outcome = attempt(None, sending.send, g.org, bank, ids)
        if outcome:
            flash(_("Sent to %(num)d teachers.", num=outcome.value), "info")
            return redirect(url_for(endpoint, org_slug=g.org.slug))
    return render_template("banks/send.html", form=form, action=action, bank=bank, endpoint=endpoint,
                           pagination=sending.page(bank, name), filters={"name": name} if name else {})


@bp.route("/mentors/send", methods=["GET", "POST"])
def send_questionnaire(org_slug: str):
    """Roadmap 3.1: the questionnaire among potential mentors."""
    return _send_page(Bank.mentor, "banks.send_questionnaire")


@bp.route("/mentees/send", methods=["GET", "POST"])
def send_requests(org_slug: str):
    """Roadmap 2.1: collecting the teachers' professional requests."""
    return _send_page(Bank.mentee, "banks.send_requests")


# --------------------------------------------------------------------- a teacher's own pages


@bp.route("/my/questionnaire", methods=["GET", "POST"])
def my_questionnaire(org_slug: str):
    """«Моя анкета наставника»: the person's own questionnaire only."""
    teacher = own_teacher()
    if teacher is None:
        return render_template("banks/no_record.html")
    return _questionnaire_page(teacher, own=True)


@bp.route("/my/requests", methods=["GET", "POST"])
def my_requests(org_slug: str):
    """«Мои запросы»: the person's own requests only."""
    teacher = own_teacher()
    if teacher is None:
        return render_template("banks/no_record.html")
    return _requests_page(teacher, own=True)
