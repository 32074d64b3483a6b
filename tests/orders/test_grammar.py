"""An order names the school after «в» in the prepositional case, as the seed's order does, and a
mentee's role word agrees with the person."""
from __future__ import annotations

import pytest

from app.orders.grammar import in_school, mentee_word


@pytest.mark.parametrize("name, expected", [
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя школа №11»",
     "в муниципальном бюджетном общеобразовательном учреждении «Средняя школа №11»"),   # the seed's words
    ("Муниципальная автономная общеобразовательная организация «Лицей №2»",
     "в муниципальной автономной общеобразовательной организации «Лицей №2»"),
    ("Государственное казённое общеобразовательное учреждение \"Школа-интернат\"",
     "в государственном казённом общеобразовательном учреждении \"Школа-интернат\""),
    ("МБОУ «СШ №5»", "в МБОУ «СШ №5»"),   # an abbreviation is not declined
    ("Частное учреждение Гармония «Плюс»", "в организации Частное учреждение Гармония «Плюс»"),
    ("Школа без кавычек", "в организации «Школа без кавычек»"),
])
def test_the_school_is_named_in_the_prepositional_case_after_v(name, expected):
    assert in_school(name) == expected


@pytest.mark.parametrize("name, word", [
    ("Андреева Галина Николаевна", "наставляемая"), ("Фёдоров Артём Денисович", "наставляемый"),
    ("Мамедова Айгюн Эльдар кызы", "наставляемая"), ("Ли Вэй", "наставляемый"),
])
def test_the_mentees_role_word_agrees_with_the_patronymic(name, word):
    assert mentee_word(name) == word
