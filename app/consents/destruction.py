"""Destruction of the data a withdrawn consent no longer covers (152-ФЗ ст. 21 ч. 5: within 30 days of
the withdrawal's receipt) and its act.

The daily sweeper finds the consents due across schools through the narrow path
``consents_due_for_destruction`` (ids and scopes only, migration 0011_consents) and enqueues one job per
consent in its school's scope. That job locks the consent, calls the destroyers the features registered
for the purpose (app/consents/effects.py; for ``processing`` the ledger itself clears the teacher
record's data only the mentoring system needed), marks the consent destroyed and keeps the act (DOCX
with the extract of the event log) — all in one transaction, so a re-run finds nothing to do."""
from __future__ import annotations

import logging
import uuid
from datetime import date

from sqlalchemy import or_, select, text

from app.audit import services as audit
from app.audit.labels import action_labels, object_labels
from app.audit.models import AuditEvent
from app.consents import effects, word
from app.consents.models import Consent, ConsentScan, DestructionAct, Purpose
from app.core.extensions import db
from app.core.models import utcnow
from app.orgs.models import Organization
from app.orgs.requisites import for_documents
from app.teachers.models import Category, Teacher
from tenants.scope import require_scope
from tenants.switches import scope_for_job
from worker.queue import enqueue_now

log = logging.getLogger(__name__)

DESTROY_JOB = "app.consents.jobs.destroy_consent"
LOG_EXTRACT_ROWS = 300
METHOD = ("удаление записей из базы данных информационной системы «Наставник» без возможности восстановления "
          "(перезапись значений полей); бумажные носители, если имеются, уничтожаются шредированием.")

PURPOSE_WORDS = {
    Purpose.processing: "обработка персональных данных в системе наставничества",
    Purpose.transfer: "передача персональных данных другому оператору",
    Purpose.dissemination: "распространение персональных данных (ст. 10.1 Федерального закона № 152-ФЗ)",
    Purpose.mentor_duty: "выполнение обязанностей наставника (ст. 351.8 ТК РФ; Положение, п. 3.2)",
    Purpose.pair_duty: "участие в наставнической паре (группе) (Положение, пп. 3.3, 6.2)",
}
# What the processing consent alone covered of a teacher record (the rest is HR data of the employer).
KEPT_NOTE = ("Фамилия, имя, отчество, должность и адрес электронной почты работника сохранены как кадровые "
             "сведения работодателя, обрабатываемые без согласия в соответствии с трудовым законодательством "
             "(п. 2 ч. 1 ст. 6 Федерального закона № 152-ФЗ).")


def job_id(consent_id) -> str:
    return f"consent-destruction-{consent_id}"


def sweep(today: date | None = None, limit: int = 500) -> int:
    """Enqueue the destruction of every withdrawn consent due on ``today`` (or before), each in its
    school's scope under a deterministic job id. A system job: it sees ids and scopes only."""
    today = today or date.today()
    rows = db.session.execute(text("SELECT * FROM consents_due_for_destruction(:d, :n)"),
                              {"d": today, "n": limit}).all()
    for row in rows:
        enqueue_now(DESTROY_JOB, str(row.id), today.isoformat(),
                    scope=scope_for_job(municipality_id=row.municipality_id, org_id=row.org_id),
                    job_id=job_id(row.id))
    if rows:
        log.info("consent destruction sweep: %s consent(s) due were enqueued", len(rows))
    return len(rows)


def _teacher_data(teacher: Teacher) -> list[str]:
    """Clear what only the mentoring system needed of the record; the lines of what was held."""
    held = [("Номер телефона", teacher.phone), ("Дата рождения", teacher.birth_date),
            ("Педагогический стаж (дата начала)", teacher.experience_since),
            ("Квалификационная категория", teacher.category not in (None, Category.none)),
            ("Преподаваемые предметы", bool(teacher.subjects))]
    teacher.phone = teacher.birth_date = teacher.experience_since = None
    teacher.category, teacher.subjects = Category.none, []
    return [f"Реестр педагогов: {name.lower()}" for name, value in held if value]


def _covered_again(consent: Consent) -> Consent | None:
    """A consent for the same purpose (and recipient) given again after the withdrawal: the data is
    covered, nothing is destroyed."""
    return db.session.scalars(select(Consent).where(
        Consent.org_id == consent.org_id, Consent.teacher_id == consent.teacher_id,
        Consent.purpose == consent.purpose, Consent.withdrawn_at.is_(None),
        Consent.recipient.is_not_distinct_from(consent.recipient))).first()


def _log_extract(teacher: Teacher) -> list[word.LogLine]:
    """The school's events about this person: their record, their consents and scans."""
    scope = require_scope()
    consent_ids = select(Consent.id).where(Consent.org_id == scope.org_id, Consent.teacher_id == teacher.id)
    scan_ids = select(ConsentScan.id).where(ConsentScan.org_id == scope.org_id, ConsentScan.teacher_id == teacher.id)
    ids = [str(teacher.id)] + [str(i) for i in db.session.scalars(consent_ids.union(scan_ids))]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.org_id == scope.org_id,
                                                         or_(AuditEvent.object_id.in_(ids)))
                                .order_by(AuditEvent.at, AuditEvent.id).limit(LOG_EXTRACT_ROWS))
    actions, objects = action_labels(), object_labels()
    return [word.LogLine(at=e.at, actor=e.actor_name, action=str(actions.get(e.action, e.action)),
                               object=" ".join(filter(None, (str(objects.get(e.object_type, e.object_type)),
                                                             e.object_name))))
            for e in events]


def destroy(consent_id: uuid.UUID, today: date) -> DestructionAct | None:
    """Destroy what a withdrawn consent no longer covers once it is due, and keep the act. Idempotent:
    a consent destroyed already, not withdrawn or not yet due is left as it is (None)."""
    scope = require_scope()
    consent = db.session.scalars(select(Consent).where(Consent.id == consent_id, Consent.org_id == scope.org_id)
                                 .with_for_update()).one_or_none()
    if (consent is None or consent.destroyed_at is not None or consent.withdrawn_at is None
            or consent.destroy_due_on > today):
        return None
    teacher = db.session.scalars(select(Teacher).where(Teacher.id == consent.teacher_id,
                                                       Teacher.org_id == scope.org_id).with_for_update()).one()
    again = _covered_again(consent)
    destroyed, notes = [], []
    if again is not None:
        notes.append(f"Данные не уничтожались: их обработка продолжается на основании согласия от "
                     f"{again.given_at.strftime('%d.%m.%Y')}, данного повторно после отзыва.")
    else:
        if consent.purpose is Purpose.processing:
            destroyed += _teacher_data(teacher)
            notes.append(KEPT_NOTE)
        for destroyer in effects.destroyers(consent.purpose):
            destroyed += destroyer(teacher.id)
        if not destroyed:
            notes.append("Иных персональных данных, обрабатывавшихся только для этой цели, в системе не "
                         "хранилось; обработка для этой цели прекращена с даты отзыва.")
    consent.destroyed_at = utcnow()
    db.session.flush()
    audit.record("destroy", "consent", consent.id, object_name=teacher.full_name,
                 details={"purpose": consent.purpose.value, "destroyed": destroyed})
    number = f"{today.strftime('%Y%m%d')}-{str(consent.id)[:8]}"
    content = word.destruction_act(
        for_documents(db.session.get(Organization, scope.org_id)), number=number, subject=teacher.full_name,
        purpose=PURPOSE_WORDS[consent.purpose] + (f" — {consent.recipient}" if consent.recipient else ""),
        basis=(f"отзыв согласия субъектом персональных данных {consent.withdrawn_at.strftime('%d.%m.%Y')} "
               f"(ч. 5 ст. 21 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»)."),
        destroyed=destroyed, notes=notes, method=METHOD, destroyed_on=today, log=_log_extract(teacher))
    act = DestructionAct(id=uuid.uuid4(), consent_id=consent.id, teacher_id=teacher.id, destroyed_on=today,
                         lines=destroyed + notes, filename=f"akt-unichtozheniya-{number}.docx", content=content)
    db.session.add(act)
    db.session.flush()
    log.info("consent %s: data destroyed, act %s kept", consent.id, act.id)
    return act
