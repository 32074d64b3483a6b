"""E-mail: recorded in the outbox, delivered by a job — SMTP in production, `.eml` files in
`instance/mail/` in the embedded default (a person can open them)."""
from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from app.core.extensions import db
from app.core.models import utcnow
from app.mail.models import OutboundEmail
from tenants.scope import require_scope
from worker.context import KeepAndRetry
from worker.queue import enqueue_after_commit

# Named by path: the job module imports this one.
DELIVERY_JOB = "app.mail.jobs.deliver_email"


def queue_email(to: str, subject, template: str, *, org_owned: bool, locale: str | None = None,
                recipient_user_id: uuid.UUID | None = None, **context) -> OutboundEmail:
    """Record a message in the current transaction; its delivery job is enqueued after commit."""
    scope = require_scope()
    # In the recipient's language (else the default, Russian), not the sender's; and without the
    # page's context processors: a letter needs none of the layout.
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject, body = str(subject), current_app.jinja_env.get_template(template).render(**context)
    message = OutboundEmail(
        id=uuid.uuid4(),
        municipality_id=scope.municipality_id if org_owned else None,
        org_id=scope.org_id if org_owned else None,
        recipient_user_id=recipient_user_id,
        to_address=to,
        subject=subject,
        body=body,
    )
    db.session.add(message)
    db.session.flush()  # under the scope it belongs to
    job_scope = scope if org_owned else type(scope)(user_id=recipient_user_id)
    enqueue_after_commit(DELIVERY_JOB, str(message.id), scope=job_scope, job_id=f"email-{message.id}")
    return message


def _build(message: OutboundEmail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = message.to_address
    msg["Subject"] = message.subject
    msg["Message-ID"] = make_msgid(idstring=str(message.id), domain="nastavnik.local")
    msg.set_content(message.body or "")
    return msg


def _write_file(msg: EmailMessage, message_id: uuid.UUID) -> None:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    (folder / f"{stamp}-{message_id}.eml").write_bytes(bytes(msg))


def _send_smtp(msg: EmailMessage) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(msg)


def deliver(message_id: uuid.UUID) -> bool:
    """Send one message once. Returns False when it was already sent (a retried or duplicated job)."""
    message = db.session.scalars(
        select(OutboundEmail).where(OutboundEmail.id == message_id).with_for_update()).one_or_none()
    if message is None or message.sent_at is not None:
        return False
    message.attempts += 1
    msg = _build(message)
    try:
        if current_app.config["MAIL_BACKEND"] == "smtp":
            _send_smtp(msg)
        else:
            _write_file(msg, message.id)
    except Exception as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        raise KeepAndRetry(message.last_error) from exc  # the attempt is kept; RQ retries
    message.sent_at = utcnow()
    message.body = None
    return True
