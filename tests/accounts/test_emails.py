"""E-mail addresses: a Cyrillic domain is accepted and kept in Cyrillic; a non-Latin part before the
@ is refused in Russian; addresses compare case-insensitively on their normalized form."""
from __future__ import annotations

from sqlalchemy import text

from tests.support.http import csrf_token, post


def _create(app, email: str, password: str = "кабинет 214 на втором этаже") -> None:
    from app.accounts import services
    from app.core.extensions import db

    with app.app_context():
        services.create_user(email, "Петров Иван", password)
        db.session.commit()
        db.session.remove()


def _sign_in(app, email: str, password: str = "кабинет 214 на втором этаже"):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": email, "password": password})
    return client, response


def test_an_address_with_a_cyrillic_domain_is_kept_and_shown_in_cyrillic(app, inspector):
    _create(app, "Ivan.Petrov@ШКОЛА.РФ")
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT email FROM users")).scalar_one() == "ivan.petrov@школа.рф"
    for typed in ("ivan.petrov@школа.рф", "IVAN.PETROV@Школа.рф", "ivan.petrov@xn--80atdl2c.xn--p1ai"):
        client, response = _sign_in(app, typed)
        assert response.status_code == 302, typed
    assert "ivan.petrov@школа.рф" in client.get("/account/").get_data(as_text=True)


def test_an_invitation_to_a_cyrillic_domain_is_sent_and_listed_in_cyrillic(app, world, clients, inspector):
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": "Vera@ШКОЛА.РФ", "full_name": "Новикова Вера",
                                                      "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    assert response.status_code == 302, response.get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT email FROM invitations")).scalar_one() == "vera@школа.рф"
    assert "vera@школа.рф" in admin.get("/school-a/staff").get_data(as_text=True)


def test_a_non_latin_part_before_the_at_sign_is_refused_in_russian_and_nothing_is_sent(app, world, clients,
                                                                                       inspector):
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": "иван@school.ru", "full_name": "Иванов Иван",
                                                      "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    assert response.status_code in (200, 400)
    assert "До знака @ в адресе допустимы только латинские буквы" in response.get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM outbound_emails")).scalar_one() == 0


def test_the_same_address_in_another_case_is_the_same_person(app, world, clients):
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": world.people["a_teacher"].email.upper(),
                                                      "full_name": "X", "roles": ["teacher"]},
                    token_from="/school-a/staff/invite")
    assert "уже есть в списке сотрудников" in response.get_data(as_text=True)
