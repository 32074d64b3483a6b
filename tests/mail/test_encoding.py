"""E-mail encoding (issue 5 §4.6), against a real SMTP server: a Cyrillic domain is IDNA-encoded in the
envelope and the headers; a non-Latin part before the @ needs SMTPUTF8, else the letter is refused
with a clear error on its row; a name with CR/LF never breaks a letter; failures are recorded on the
row (attempts, last error without the address) and shown to the platform admin."""
from __future__ import annotations

import email
from email import policy

import pytest
from rq.job import JobStatus
from sqlalchemy import text

from tests.mail.test_outbox import _invite, _letters
from tests.support.jobs import drain_jobs
from tests.support.http import login

IDNA_DOMAIN = "школа.рф".encode("idna").decode()  # xn--80atdl2c.xn--p1ai


@pytest.fixture
def smtp_app(make_app, smtp_server):
    return make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)


def _parsed(delivered):
    return email.message_from_bytes(delivered.data, policy=policy.default)


def test_a_cyrillic_domain_is_sent_idna_encoded_in_the_envelope_and_the_headers(smtp_app, world, smtp_server):
    _invite(smtp_app, world, "A", "ivan@школа.рф")
    drain_jobs(smtp_app)
    (sent,) = smtp_server.delivered
    assert sent.rcpt_to == [f"ivan@{IDNA_DOMAIN}"]
    assert "SMTPUTF8" not in sent.mail_options
    assert sent.data.isascii()  # every header in a form any SMTP server accepts
    assert _parsed(sent)["To"] == f"ivan@{IDNA_DOMAIN}"


def _letter_to(app, world, org_key: str, address: str) -> None:
    """A letter recorded straight in the outbox: the forms refuse a non-Latin part before the @
    (app/accounts/services.py check_email), so only a letter from elsewhere (an import) can carry one;
    the delivery must still hold."""
    from app.core.extensions import db
    from app.core.models import utcnow
    from app.mail import services as mail
    from tenants.switches import acting_in

    org = world.orgs[org_key]
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test"):
        mail.queue_email(address, "orgs/invitation_letter.txt", org_owned=True, org_name="Org", org_short_name="Org",
                         full_name="Иван", expires_at=utcnow(), link="http://localhost/x", roles=["teacher"])
        db.session.commit()
        db.session.remove()


def test_a_non_latin_part_before_the_at_is_refused_with_a_clear_error_without_smtputf8(
        smtp_app, world, smtp_server, inspector):
    smtp_server.state.smtputf8 = False
    _letter_to(smtp_app, world, "A", "иван@школа.рф")
    drain_jobs(smtp_app)
    assert smtp_server.delivered == []
    (row,) = _letters(inspector)
    assert row.sent_at is None and row.failed_at is not None and row.attempts == 1  # given up: permanent
    assert "SMTPUTF8" in row.last_error and "иван" not in row.last_error


def test_a_non_latin_part_before_the_at_is_sent_when_the_server_announces_smtputf8(smtp_app, world, smtp_server):
    _letter_to(smtp_app, world, "A", "иван@школа.рф")
    drain_jobs(smtp_app)
    (sent,) = smtp_server.delivered
    assert sent.rcpt_to == [f"иван@{IDNA_DOMAIN}"] and "SMTPUTF8" in sent.mail_options


def test_a_name_with_cr_lf_never_breaks_a_letter(smtp_app, world, smtp_server, inspector):
    with inspector.begin() as conn:  # a name stored with a line break (typed, imported, pasted)
        conn.execute(text("UPDATE organizations SET short_name = :n WHERE id = :o"),
                     {"n": "Школа\r\nBcc: someone@evil.example\n№ 11", "o": world.orgs["A"].id})
    _invite(smtp_app, world, "A", "first@test-nastavnik.ru", full_name="Иван\r\nИванов")
    _invite(smtp_app, world, "A", "second@test-nastavnik.ru")
    drain_jobs(smtp_app)
    assert sorted(r for m in smtp_server.delivered for r in m.rcpt_to) == [
        "first@test-nastavnik.ru", "second@test-nastavnik.ru"]
    for sent in smtp_server.delivered:
        message = _parsed(sent)
        assert message["Bcc"] is None
        assert message["Subject"] == "Приглашение в организацию Школа Bcc: someone@evil.example № 11"
    assert all(row.sent_at is not None for row in _letters(inspector))


def test_mail_failures_are_recorded_on_the_row_and_shown_to_the_platform_admin(
        smtp_app, world, smtp_server, inspector):
    smtp_server.state.refuse.add("refused@test-nastavnik.ru")
    _invite(smtp_app, world, "A", "refused@test-nastavnik.ru")
    drain_jobs(smtp_app)
    (row,) = _letters(inspector)
    assert row.failed_at is not None and row.attempts == 1  # a 5xx refusal is permanent
    assert row.last_error.startswith("SMTPRecipientsRefused: 550") and "refused@" not in row.last_error
    admin = smtp_app.test_client()
    assert login(smtp_app, admin, world.people["platform_admin"]).status_code == 302
    page = admin.get("/platform/jobs").get_data(as_text=True)
    assert "SMTPRecipientsRefused: 550" in page and "refused@" not in page and "Отправка прекращена" in page


def test_a_transient_failure_is_recorded_and_retried(make_app, redis_server, world, inspector):
    from tests.support.servers import free_port
    from worker.queue import get_queue

    unreachable = make_app(REDIS_URL=redis_server.url, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
                           MAIL_PORT=free_port())
    _invite(unreachable, world, "A", "later@test-nastavnik.ru")
    drain_jobs(unreachable)
    (row,) = _letters(inspector)
    assert row.sent_at is None and row.failed_at is None and row.attempts == 1
    assert row.last_error.startswith("ConnectionRefusedError")
    with unreachable.app_context():
        job = get_queue().fetch_job(f"email-{row.id}")
        assert job.get_status(refresh=True) == JobStatus.SCHEDULED  # RQ retries it
