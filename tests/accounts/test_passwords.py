"""New passwords: the guessable ones a Russian-speaking school user picks are refused on every form that
sets a password, with a Russian message saying why, and nothing changes; the published demo password
is nobody's choice."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.http import csrf_token, post
from tests.support.jobs import letters_to, link_in
from tests.support.world import TEST_PASSWORD

# The brief's list: each was accepted before, each now gets its reason.
REFUSED = [
    ("пароль12", "слишком распространён"),
    ("аааааааа", "повторяется один знак"),
    ("йцукен123", "ряд клавиш, букв или цифр"),
    ("учитель1", "из слов этого сервиса или школьной жизни"),
    ("школа2026", "из слов этого сервиса или школьной жизни"),
    ("        ", "повторяется один знак"),
    ("12345678", "ряд клавиш, букв или цифр"),
    ("demo-nastavnik-2026", "опубликованный пароль демонстрационного режима"),
]


def _invite(app, clients, email="new.person@test-nastavnik.ru", full_name="Новикова Вера Павловна"):
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": email, "full_name": full_name, "roles": ["teacher"]},
                    token_from="/school-a/staff/invite")
    assert response.status_code == 302, response.get_data(as_text=True)
    (_, body), = letters_to(app, email)
    return link_in(body, "/invite/")


def test_guessable_passwords_are_refused_on_the_invitation_form_in_russian(app, world, clients, inspector):
    link = _invite(app, clients)
    newcomer = app.test_client()
    for password, message in REFUSED + [("novikova1985", "из вашего имени или адреса электронной почты"),
                                        ("new.person2026", "из вашего имени или адреса электронной почты")]:
        response = newcomer.post(link, data={"csrf_token": csrf_token(newcomer, link),
                                             "full_name": "Новикова Вера Павловна", "password": password})
        assert response.status_code == 200, password
        assert message in response.get_data(as_text=True), password
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = 'new.person@test-nastavnik.ru'")
                            ).scalar_one() == 0
    good = newcomer.post(link, data={"csrf_token": csrf_token(newcomer, link), "full_name": "Новикова Вера Павловна",
                                     "password": "Синий трактор едет 42"})
    assert good.status_code == 302


@pytest.mark.parametrize("password, message", REFUSED)
def test_guessable_passwords_are_refused_on_the_change_password_form(world, clients, inspector, password, message):
    teacher = clients("a_teacher")
    with inspector.connect() as conn:
        before = conn.execute(text("SELECT password_hash FROM users WHERE id = :u"),
                              {"u": world.people["a_teacher"].id}).scalar_one()
    response = post(teacher, "/account/password", {"current_password": TEST_PASSWORD, "password": password})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT password_hash FROM users WHERE id = :u"),
                            {"u": world.people["a_teacher"].id}).scalar_one() == before


def test_guessable_passwords_are_refused_on_the_reset_form(app, world):
    teacher = world.people["a_teacher"]
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": teacher.email})
    (_, body), = letters_to(app, teacher.email)
    link = link_in(body, "/password/reset/")
    for password, message in REFUSED:
        response = client.post(link, data={"csrf_token": csrf_token(client, link), "password": password})
        assert message in response.get_data(as_text=True), password
    response = client.post(link, data={"csrf_token": csrf_token(client, link), "password": "a_teacher2026"})
    assert "из вашего имени или адреса электронной почты" in response.get_data(as_text=True)


def test_admin_create_refuses_a_guessable_password(app, inspector):
    result = app.test_cli_runner().invoke(args=["admin", "create", "--email", "root@nastavnik-test.ru",
                                                "--name", "Главный администратор", "--password", "школа2026"])
    assert result.exit_code != 0
    assert "из слов этого сервиса или школьной жизни" in result.output
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0


def test_the_demo_seed_still_gives_its_people_the_published_password(app, inspector):
    from app.core.extensions import db
    from app.demo import seed as demo

    with app.app_context():
        demo.seed()
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": "mentor@school11.demo",
                                           "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_demo_data_is_never_loaded_in_production(app, inspector, monkeypatch):
    from app.core.extensions import db
    from app.demo import seed as demo

    monkeypatch.setitem(app.config, "APP_ENV", "production")
    with app.app_context():
        with pytest.raises(demo.DemoRefused):
            demo.seed()
        db.session.rollback()
        db.session.remove()
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0


def test_sign_in_rehashes_a_password_stored_with_other_argon2_parameters(app, world, inspector, monkeypatch):
    """OWASP's Argon2id parameters (19 MiB, t=2, p=1) for every stored password: a hash of the earlier,
    costlier parameters is replaced at the person's next sign-in."""
    from argon2 import PasswordHasher, Type

    from tests.support.http import login

    monkeypatch.setitem(app.config, "ARGON2_PROFILE", "default")
    earlier = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, type=Type.ID).hash(TEST_PASSWORD)
    teacher = world.people["a_teacher"]
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET password_hash = :h WHERE id = :u"), {"h": earlier, "u": teacher.id})
    assert login(app, app.test_client(), teacher).status_code == 302
    with inspector.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users WHERE id = :u"), {"u": teacher.id}).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert login(app, app.test_client(), teacher).status_code == 302
