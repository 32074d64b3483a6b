"""Pages of the petitions (Положение 4.1, 5.1: the participant files, the curator reviews, the director
decides) and of the municipality's production calendar (ТК РФ ст. 112, 351.8)."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.confirm import confirm_page
from app.core.http import parse_id
from app.core.uow import attempt
from app.pairs import bp, calendar, petitions
from app.pairs.petition_forms import CalendarDayForm, DecideForm, FileForm, ReviewForm
from app.pairs.petitions import PetitionKind, PetitionStatus

NOBODY = "none"


def _words() -> dict:
    return {"kinds": petitions.KIND_WORDS, "statuses": petitions.STATUS_WORDS, "roles": petitions.ROLE_WORDS}


# ------------------------------------------------------------------------------------ participant


@bp.route("/petitions/my", methods=["GET", "POST"])
def petitions_mine(org_slug: str):
    """«Мои ходатайства»: the person's petitions and the form to file one for an active pair of theirs."""
    teacher = petitions.own_teacher()
    if teacher is None:
        return render_template("pairs/petition_no_record.html")
    pairs = petitions.my_active_pairs(teacher)
    form = FileForm()
    words = _words()
    form.pair.choices = [(str(p.pair.id), f"{words['kinds'][p.kind]}: {', '.join(p.others)}") for p in pairs]
    if form.validate_on_submit():
        chosen = next(p for p in pairs if str(p.pair.id) == form.pair.data)
        outcome = attempt(form, petitions.file, chosen.pair.id, chosen.kind, form.reason.data)
        if outcome:
            flash(_("The petition is filed; the curator will review it."), "info")
            return redirect(url_for("pairs.petitions_mine", org_slug=org_slug))
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/petitions_mine.html", form=form, pairs=pairs,
                           petitions=petitions.my_petitions(teacher), **words), status


# --------------------------------------------------------------------------------------- curator


def _status_filter() -> PetitionStatus | None:
    raw = request.args.get("status", "")
    return PetitionStatus(raw) if raw in {s.value for s in PetitionStatus} else None


@bp.get("/petitions")
def petitions_list(org_slug: str):
    status = _status_filter()
    return render_template("pairs/petitions.html", pagination=petitions.page(status), status=status,
                           all_statuses=list(PetitionStatus), **_words())


def _load(petition_id: str):
    petition = petitions.get(parse_id(petition_id))
    if petition is None:
        abort(404)
    return petition


def _details(petition) -> dict:
    return {"petition": petition, "participants": petitions.participants(petition.pair_id),
            "history": petitions.history(petition), **_words()}


@bp.route("/petitions/<petition_id>/review", methods=["GET", "POST"])
def petition_review(org_slug: str, petition_id: str):
    petition = _load(petition_id)
    form = ReviewForm()
    candidates = petitions.mentor_candidates(petition)
    form.mentor.choices = [(str(tid), f"{name} ({load}/{capacity})") for tid, name, load, capacity in candidates]
    if petition.kind == PetitionKind.release:
        form.mentor.choices.append((NOBODY, _("Nobody: the pair ends early at the mentor's initiative")))
    if form.validate_on_submit():
        mentor = None if form.mentor.data == NOBODY else parse_id(form.mentor.data)
        if attempt(form, petitions.review, petition.id, form.note.data, mentor):
            flash(_("The petition is sent to the director."), "info")
            return redirect(url_for("pairs.petitions_list", org_slug=org_slug))
    refusal = None if petition.status == PetitionStatus.filed else _("The petition has already been reviewed.")
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/petition_review.html", form=form, refusal=refusal, **_details(petition)), status


# -------------------------------------------------------------------------------------- director


@bp.get("/petitions/decisions")
def petition_queue(org_slug: str):
    """What waits for the director's decision (Положение 3.3), oldest concerns first on the page."""
    return render_template("pairs/petition_queue.html", pagination=petitions.waiting_for_director(), **_words())


@bp.route("/petitions/<petition_id>/decide", methods=["GET", "POST"])
def petition_decide(org_slug: str, petition_id: str):
    petition = _load(petition_id)
    form = DecideForm()
    if form.validate_on_submit() and attempt(form, petitions.decide, petition.id, form.decision.data == "grant",
                                             form.reason.data):
        flash(_("The decision is recorded."), "info")
        return redirect(url_for("pairs.petition_queue", org_slug=org_slug))
    try:
        petitions.check_decidable(petition)
        refusal = None
    except petitions.ServiceError as error:
        refusal = str(error.message)
    proposed = petitions.teacher_name(petition.proposed_mentor_id) if petition.proposed_mentor_id else None
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/petition_decide.html", form=form, refusal=refusal, proposed=proposed,
                           **_details(petition)), status


# ------------------------------------------------------------------------ the production calendar


def _year() -> int:
    raw = request.args.get("year", "")
    if raw.isascii() and raw.isdigit() and int(raw) in calendar.YEARS:
        return int(raw)
    return date.today().year


@bp.route("/calendar", methods=["GET", "POST"])
def calendar_days(org_slug: str):
    """The education department's production calendar: the year's days that differ from a plain week,
    the federal ones and the municipality's own, and the form to record a day."""
    form = CalendarDayForm()
    if form.validate_on_submit() and attempt(form, calendar.set_day, form.day.data, form.kind.data == "working",
                                             form.note.data):
        flash(_("The day is recorded."), "info")
        return redirect(url_for("pairs.calendar_days", org_slug=org_slug, year=form.day.data.year))
    year = form.day.data.year if (form.day.data and form.day.data.year in calendar.YEARS) else _year()
    status = 400 if request.method == "POST" else 200
    return render_template("pairs/calendar.html", form=form, year=year, days=calendar.year_view(year),
                           decree=calendar.DECREES.get(year)), status


@bp.route("/calendar/<day_id>/remove", methods=["GET", "POST"])
def calendar_remove(org_slug: str, day_id: str):
    row = calendar.get_day(parse_id(day_id))
    if row is None:
        abort(404)
    back = url_for("pairs.calendar_days", org_slug=org_slug, year=row.day.year)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        from app.core.forms import EmptyForm

        if EmptyForm().validate_on_submit() and attempt(None, calendar.remove_day, row):
            flash(_("The day follows the federal calendar again."), "info")
        return redirect(back)
    day = row.day.strftime("%d.%m.%Y")
    return confirm_page(_("Remove the municipality's day"),
                        _("Remove the municipality's record of %(day)s?", day=day),
                        [_("The day will follow the federal production calendar again."),
                         _("Notices already counted keep their days.")],
                        url_for("pairs.calendar_remove", org_slug=org_slug, day_id=row.id), back, _("Remove"))
