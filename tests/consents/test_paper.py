"""Paper consents and withdrawals: the curator uploads the scan of the signed form (PDF, JPEG or PNG,
checked by content, not by name; at most 5 MB), picks the text version and the day it was signed; the
scan is downloadable only within the school."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, text

from tests.consents.helpers import JPEG, PDF, in_school, png, post_files
from tests.support.mentoring import add_consent, add_teacher


def _text_id(app, world, purpose: str = "processing"):
    from app.consents import texts
    from app.consents.models import Purpose

    with in_school(app, world, "A") as session:
        text_id = texts.current_text(Purpose(purpose)).id
        session.commit()
    return text_id


def _record(client, teacher_id, text_id, content: bytes, filename: str, signed_on: str = "01.09.2025", **data):
    path = f"/school-a/consents/people/{teacher_id}/paper"
    return post_files(client, path, {"text_id": str(text_id), "signed_on": signed_on, **data},
                      {"scan": (content, filename)}, token_from=path)


def _counts(inspector) -> tuple[int, int]:
    with inspector.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM consents")).scalar(),
                conn.execute(text("SELECT count(*) FROM consent_scans")).scalar())


def test_the_curator_records_a_paper_consent_with_its_scan_version_and_day(app, world, clients, inspector):
    teacher_id = add_teacher(app, world.orgs["A"])
    text_id = _text_id(app, world)
    response = _record(clients("a_curator"), teacher_id, text_id, PDF, "Согласие Ивановой.pdf")
    assert response.status_code == 302
    with inspector.connect() as conn:
        consent = conn.execute(text("SELECT * FROM consents")).one()
        scan = conn.execute(text("SELECT * FROM consent_scans")).one()
        events = conn.execute(text("SELECT action FROM audit_events WHERE object_id = :c"),
                              {"c": str(consent.id)}).scalars().all()
    assert (consent.channel, consent.text_id, consent.scan_id) == ("paper", text_id, scan.id)
    assert consent.given_at.date().isoformat() == "2025-09-01" and consent.client_ip is None
    assert consent.recorded_by_id == world.people["a_curator"].id
    assert (scan.media_type, scan.filename, bytes(scan.content)) == ("application/pdf", "Согласие Ивановой.pdf", PDF)
    assert events == ["record_paper"]
    download = clients("a_curator").get(f"/school-a/consents/scans/{scan.id}")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"


def test_a_png_or_jpeg_is_recognised_by_its_content_whatever_its_name(app, world, clients, inspector):
    text_id = _text_id(app, world)
    for content, name, stored in ((png(), "scan.txt", "scan.png"), (JPEG, "photo", "photo.jpg")):
        teacher_id = add_teacher(app, world.orgs["A"], f"Фамилия{name}")
        assert _record(clients("a_admin"), teacher_id, text_id, content, name).status_code == 302
        with inspector.connect() as conn:
            assert conn.execute(text("SELECT filename FROM consent_scans WHERE teacher_id = :t"),
                                {"t": teacher_id}).scalar() == stored


def test_a_pdf_that_is_really_text_is_refused_and_nothing_is_written(app, world, clients, inspector):
    teacher_id = add_teacher(app, world.orgs["A"])
    text_id = _text_id(app, world)
    response = _record(clients("a_curator"), teacher_id, text_id, "Это не скан, а текст.".encode(), "scan.pdf")
    assert response.status_code == 200
    assert "PDF, JPEG or PNG" in response.get_data(as_text=True) or "PDF, JPEG или PNG" in response.get_data(
        as_text=True)
    assert _counts(inspector) == (0, 0)


def test_an_oversized_scan_is_refused_in_words_and_nothing_is_written(app, world, clients, inspector):
    teacher_id = add_teacher(app, world.orgs["A"])
    text_id = _text_id(app, world)
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = _record(clients("a_curator"), teacher_id, text_id, big, "big.pdf")
    assert response.status_code == 200 and ("5 MB" in response.get_data(as_text=True)
                                            or "5 МБ" in response.get_data(as_text=True))
    assert _counts(inspector) == (0, 0)
    huge = _record(clients("a_curator"), teacher_id, text_id, big * 2, "huge.pdf")
    assert huge.status_code == 413 and _counts(inspector) == (0, 0)


def test_a_day_of_signing_in_the_future_or_a_missing_scan_is_refused(app, world, clients, inspector):
    teacher_id = add_teacher(app, world.orgs["A"])
    text_id = _text_id(app, world)
    assert _record(clients("a_curator"), teacher_id, text_id, PDF, "a.pdf", signed_on="01.01.2999").status_code == 200
    path = f"/school-a/consents/people/{teacher_id}/paper"
    no_scan = post_files(clients("a_curator"), path, {"text_id": str(text_id), "signed_on": "01.09.2025"}, {},
                         token_from=path)
    assert no_scan.status_code == 200 and _counts(inspector) == (0, 0)


def test_the_scan_of_school_a_is_not_downloadable_from_school_b_even_with_the_exact_url(
        app, world, clients, inspector):
    teacher_id = add_teacher(app, world.orgs["A"])
    assert _record(clients("a_curator"), teacher_id, _text_id(app, world), PDF, "a.pdf").status_code == 302
    with inspector.connect() as conn:
        scan_id = conn.execute(text("SELECT id FROM consent_scans")).scalar()
    b_admin = clients("b_admin")
    assert b_admin.get(f"/school-b/consents/scans/{scan_id}").status_code == 404
    assert b_admin.get(f"/school-a/consents/scans/{scan_id}").status_code == 404
    assert clients("a_teacher").get(f"/school-a/consents/scans/{scan_id}").status_code == 403


def test_a_paper_withdrawal_needs_its_scan_and_counts_30_days_from_its_receipt(app, world, clients, inspector):
    """152-ФЗ ст. 21 ч. 5: the data is destroyed within 30 days of the day the withdrawal was received."""
    from app.consents import gate
    from app.consents.models import Purpose

    teacher_id = add_teacher(app, world.orgs["A"])
    consent_id = add_consent(app, world.orgs["A"], teacher_id, "mentor_duty")
    path = f"/school-a/consents/{consent_id}/withdraw"
    refused = post_files(clients("a_curator"), path, {"received_on": "01.01.2999"}, {"scan": (PDF, "w.pdf")},
                         token_from=path)
    assert refused.status_code == 200
    received = date.today()
    response = post_files(clients("a_curator"), path, {"received_on": received.strftime("%d.%m.%Y")},
                          {"scan": (PDF, "w.pdf")}, token_from=path)
    assert response.status_code == 302
    with inspector.connect() as conn:
        consent = conn.execute(text("SELECT * FROM consents")).one()
    assert consent.withdrawal_channel == "paper" and consent.withdrawal_scan_id is not None
    assert consent.destroy_due_on == received + timedelta(days=30)
    with in_school(app, world) as session:
        assert not session.scalar(select(gate.standing(Purpose.mentor_duty, teacher_id)))
