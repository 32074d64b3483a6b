"""E-mail: recorded in the outbox with the change that causes it, rendered and delivered by a job — SMTP
in production, `.eml` files in `instance/mail/` in the embedded default (a person can open them).

A request only records the intent: the template's name and its parameters (plain JSON values), no
rendering, no lookup of whom a letter to an address is for. The delivery job (``deliver``) renders the
letter in the recipient's language, sends it once and records the outcome on the row, in the same
transaction that holds the row's lock: a job that runs twice, or again after its worker was killed,
finds ``sent_at`` and sends nothing (at-least-once to SMTP only when a worker dies between the
server's «250» and the commit). Failures are kept on the row (attempts, last error without the
address); a permanent one (an address the server refuses) or the last allowed attempt gives it up.

Addresses are sent in the form SMTP accepts: the domain IDNA-encoded (``ivan@школа.рф`` ->
``ivan@xn--80atdl2c.xn--p1ai``); a non-Latin part before the @ needs a server that announces SMTPUTF8,
else the letter is refused with that reason. Header values never carry control characters (a name
with CR/LF cannot break a letter).
"""
from __future__ import annotations

import importlib
import logging
import re
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from email.utils import make_msgid
from pathlib import Path
from typing import Callable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, text

from app.core import request_id
from app.core.extensions import db
from app.core.models import utcnow
from app.mail.models import OutboundEmail
from tenants.rls import outbox_letter
from tenants.scope import require_scope
from tenants.switches import scope_for_job, unscoped
from worker.context import KeepAndRetry
from worker.queue import enqueue_after_commit, enqueue_now, recover_abandoned

log = logging.getLogger(__name__)

# Named by path: the job module imports this one.
DELIVERY_JOB = "app.mail.jobs.deliver_email"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def job_id(message_id) -> str:
    """Deterministic: the enqueue after commit and every sweep name the same job."""
    return f"email-{message_id}"


# --------------------------------------------------------------------------- recording the intent


def _encode(value):
    """Template parameters as JSON: datetimes are tagged, UUIDs become text."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a letter's parameter must be a plain value, not {type(value).__name__}")


def _decode(value):
    if isinstance(value, dict):
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def queue_email(to: str, template: str, *, org_owned: bool, locale: str | None = None,
                recipient_user_id: uuid.UUID | None = None, **context) -> OutboundEmail:
    """Record a letter in the current transaction (``template`` sets ``subject`` and writes the text
    from ``context``, plain values only); its delivery job is enqueued after commit, and the sweeper
    enqueues it again if that enqueue fails."""
    scope = require_scope()
    message = OutboundEmail(
        id=uuid.uuid4(),
        municipality_id=scope.municipality_id if org_owned else None,
        org_id=scope.org_id if org_owned else None,
        recipient_user_id=recipient_user_id,
        to_address=to,
        template=template,
        context=_encode(context),
        locale=locale,
        request_id=request_id.current(),
    )
    db.session.add(message)
    db.session.flush()  # under the scope it belongs to
    job_scope = scope if org_owned else scope_for_job(user_id=recipient_user_id)
    enqueue_after_commit(DELIVERY_JOB, str(message.id), scope=job_scope, job_id=job_id(message.id))
    return message


def queue_address_letter(to: str, template: str, builder: str, **context) -> OutboundEmail:
    """Record a letter to an address whose recipient is decided at delivery by ``builder`` (a
    ``letter_builder`` named by path). The request does not look anyone up: it does the same work
    whoever the address belongs to. The row belongs to no tenant (migrations 0005_outbox)."""
    with unscoped("a letter to an address is recorded before anyone knows whose address it is"):
        message = OutboundEmail(id=uuid.uuid4(), to_address=to, template=template, builder=builder,
                                context=_encode(context), request_id=request_id.current())
        db.session.add(message)
        db.session.flush()
        enqueue_after_commit(DELIVERY_JOB, str(message.id), job_id=job_id(message.id))
    return message


@dataclass
class Recipient:
    """What a builder found out at delivery: the language and the parameters only known then."""

    locale: str | None = None
    context: dict = field(default_factory=dict)


def letter_builder(func: Callable[[str, dict], Recipient | None]):
    """Mark a function that a letter's row may name as its builder: ``func(address, context)`` returns
    the ``Recipient`` or None when there is nobody to write to (the letter is then dropped)."""
    func.__letter_builder__ = True
    return func


def _builder(path: str):
    module, _, name = path.partition(":")
    func = getattr(importlib.import_module(module), name, None) if module.startswith("app.") else None
    if not getattr(func, "__letter_builder__", False):
        raise LookupError(f"{path} is not a letter builder")
    return func


# --------------------------------------------------------------------------------- the letter


class Refused(Exception):
    """A permanent failure: the letter cannot be sent as it is (retrying changes nothing)."""


def header_text(value) -> str:
    """A header value on one line: control characters (CR, LF, ...) become spaces."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def smtp_address(address: str) -> tuple[str, bool]:
    """The address as SMTP accepts it, and whether it needs SMTPUTF8: the domain IDNA-encoded; a
    non-Latin part before the @ cannot be encoded and needs a server that announces SMTPUTF8."""
    address = (address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or _CONTROL.search(address) or " " in address:
        raise Refused("InvalidAddress: not an e-mail address")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise Refused("InvalidAddress: the domain cannot be IDNA-encoded") from None
    return f"{local}@{ascii_domain}", not local.isascii()


@dataclass
class Letter:
    to: str
    subject: str
    message: EmailMessage
    smtputf8: bool


def _render(message: OutboundEmail) -> tuple[str, str] | None:
    """(subject, text) in the recipient's language, or None when the builder finds nobody."""
    if message.template is None:  # recorded before 0003: rendered then
        return message.subject or "", message.body or ""
    context = _decode(message.context or {})
    locale = message.locale
    if message.builder:
        recipient = _builder(message.builder)(message.to_address, context)
        if recipient is None:
            return None
        context.update(recipient.context)
        locale = recipient.locale or locale
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        # The template alone, without the pages' context processors: a letter needs none of the layout.
        module = current_app.jinja_env.get_template(message.template).make_module(context)
        return str(getattr(module, "subject", "")), str(module).strip() + "\n"


def compose(message: OutboundEmail) -> Letter | None:
    rendered = _render(message)
    if rendered is None:
        return None
    subject, body = rendered
    to, smtputf8 = smtp_address(message.to_address)
    msg = EmailMessage()
    msg["From"] = header_text(current_app.config["MAIL_FROM"])
    msg["To"] = to
    msg["Subject"] = header_text(subject)
    msg["Message-ID"] = make_msgid(idstring=str(message.id), domain="nastavnik.local")
    msg.set_content(body)
    return Letter(to, header_text(subject), msg, smtputf8)


# ------------------------------------------------------------------------------------- sending


def _write_file(letter: Letter, message_id: uuid.UUID) -> None:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    policy = DEFAULT_POLICY.clone(utf8=letter.smtputf8)
    (folder / f"{stamp}-{message_id}.eml").write_bytes(letter.message.as_bytes(policy=policy))


def _send_smtp(letter: Letter) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
        smtp.ehlo()
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
            smtp.ehlo()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        if letter.smtputf8 and not smtp.has_extn("smtputf8"):
            raise Refused("AddressNotSupported: the address has non-Latin characters before the @ and "
                          "the mail server does not announce SMTPUTF8")
        # smtplib asks for SMTPUTF8 (and 8BITMIME) itself when an address needs it.
        smtp.send_message(letter.message, to_addrs=[letter.to])


def _permanent(error: Exception) -> bool:
    if isinstance(error, (Refused, smtplib.SMTPNotSupportedError)):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _describe(error: Exception, message: OutboundEmail) -> str:
    """``Kind: detail`` with the address redacted: the platform admin reads it across tenants."""
    def reply(value) -> str:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(f"{code} {reply(answer)}" for code, answer in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = f"{error.smtp_code} {reply(error.smtp_error)}"
    else:
        detail = str(error)
    text_ = detail if isinstance(error, Refused) else f"{type(error).__name__}: {detail}"
    address = (message.to_address or "").strip()
    variants = {address}
    try:
        variants.add(smtp_address(address)[0])
    except Refused:
        pass
    for variant in sorted((v for v in variants if v), key=len, reverse=True):
        text_ = re.sub(re.escape(variant), "<recipient>", text_, flags=re.IGNORECASE)
    return text_[:500]


def deliver(message_id: uuid.UUID) -> bool:
    """Send one letter once. Returns False when there is nothing to send (already sent, given up, or
    nobody to write to), True when it was sent now."""
    with outbox_letter(db.session(), message_id):
        message = db.session.scalars(
            select(OutboundEmail).where(OutboundEmail.id == message_id).with_for_update()).one_or_none()
        if message is None or message.sent_at is not None or message.failed_at is not None:
            return False
        message.attempts += 1
        message.last_attempt_at = utcnow()
        try:
            letter = compose(message)
            if letter is None:
                # A letter to an address nobody has an account for: nothing is sent, nothing is kept.
                db.session.delete(message)
                db.session.flush()
                return False
            if current_app.config["MAIL_BACKEND"] == "smtp":
                _send_smtp(letter)
            else:
                _write_file(letter, message.id)
        except Exception as exc:
            message.last_error = _describe(exc, message)
            if _permanent(exc) or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                message.failed_at = utcnow()
                log.warning("letter %s (recorded by request %s) given up after %s attempt(s): %s", message.id,
                            message.request_id or "-", message.attempts, message.last_error)
                db.session.flush()
                return False
            db.session.flush()
            raise KeepAndRetry(message.last_error) from exc  # the attempt is kept; RQ retries
        message.sent_at = utcnow()
        message.subject = letter.subject[:300]  # (the column's size: a long subject must not undo the send)
        message.body = None
        message.context = None  # the one-time link must not outlive its purpose
        db.session.flush()
        return True


# ------------------------------------------------------------------------------------- the sweeper


def sweep(limit: int = 500) -> int:
    """Enqueue the delivery of every letter that is due and not yet delivered, across tenants, through
    the outbox's narrow path (``outbox_due``: ids and scopes, no personal data); each under its
    deterministic job id, so a letter on its way is not enqueued twice. First, RQ's clean-up of jobs
    whose worker died in the middle. Returns the number of letters found due."""
    cfg = current_app.config
    recover_abandoned()
    rows = db.session.execute(text("SELECT * FROM outbox_due(:n, :grace, :max_attempts)"), {
        "n": limit, "grace": cfg["OUTBOX_SWEEP_GRACE_SECONDS"], "max_attempts": cfg["MAIL_MAX_ATTEMPTS"]}).all()
    for row in rows:
        scope = scope_for_job(municipality_id=row.municipality_id, org_id=row.org_id,
                              user_id=row.recipient_user_id)
        enqueue_now(DELIVERY_JOB, str(row.id), scope=scope, job_id=job_id(row.id))
    if rows:
        log.info("outbox sweep: %s letter(s) due were enqueued", len(rows))
    return len(rows)


@dataclass
class FailedLetter:
    id: uuid.UUID
    municipality: str | None
    template: str | None
    attempts: int
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    failed_at: datetime | None


def failed_letters(limit: int = 100) -> list[FailedLetter]:
    """Undelivered letters with a failed attempt, across tenants, for the platform admin: what failed
    and why, never to whom (``outbox_failures``)."""
    rows = db.session.execute(text("SELECT * FROM outbox_failures(:n)"), {"n": limit}).all()
    return [FailedLetter(**row._mapping) for row in rows]


def retry_letter(letter_id: uuid.UUID) -> bool:
    """Put a given-up letter back: the sweeper sends it within a minute."""
    return bool(db.session.scalar(text("SELECT outbox_retry(:id)"), {"id": letter_id}))
