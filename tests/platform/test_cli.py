"""Command-line entry points: the platform admin is created from the command line."""
from __future__ import annotations

from sqlalchemy import text


def test_admin_create_makes_a_platform_admin_with_a_hashed_password(app, inspector):
    result = app.test_cli_runner().invoke(args=["admin", "create", "--email", "Root@Nastavnik-Test.ru",
                                                "--name", "Главный администратор",
                                                "--password", "длинный пароль администратора"])
    assert result.exit_code == 0, result.output
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT email, is_platform_admin, password_hash FROM users")).one()
    assert row.email == "root@nastavnik-test.ru" and row.is_platform_admin
    assert row.password_hash.startswith("$argon2id$")


def test_admin_create_refuses_a_common_password_and_creates_nothing(app, inspector):
    result = app.test_cli_runner().invoke(args=["admin", "create", "--email", "root@nastavnik-test.ru",
                                                "--name", "X", "--password", "parol2024"])
    assert result.exit_code != 0
    assert "слишком распространён" in result.output
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
