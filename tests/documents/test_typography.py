"""Russian typography of every text the engine writes (issue 7, «Documents engine»: «ёлочки»,
non-breaking spaces in «№ 13», initials)."""
from datetime import date, datetime

from app.documents.typography import (
    NBSP, blank, clean, date_numeric, date_words, initials, quotes, typeset, typeset_run)


def test_straight_quotes_become_yolochki_and_nested_ones_lapki():
    # The seed's order title nests the school's name in the Положение's name.
    text = 'Утвердить "Положение о системе наставничества в "Средняя школа №11"" (Приложение 1)'
    assert typeset(text) == f"Утвердить «Положение о системе наставничества в „Средняя школа №{NBSP}11“» (Приложение 1)"


def test_yolochki_inside_yolochki_become_lapki():
    assert quotes("«Положение «Средняя школа»»")[0] == "«Положение „Средняя школа“»"


def test_quotes_nest_across_the_runs_of_one_paragraph():
    first, depth = typeset_run('Утвердить "Положение ')
    second, depth = typeset_run('о "школе""', depth, first[-1])
    assert first + second == "Утвердить «Положение о „школе“»"
    assert depth == 0


def test_a_quote_after_a_bracket_or_at_the_start_opens():
    assert typeset('"Да" ("нет")') == "«Да» («нет»)"


def test_number_sign_is_followed_by_a_non_breaking_space():
    assert typeset("24.03.2022 № 13 – А") == f"24.03.2022 №{NBSP}13{NBSP}– А"
    assert typeset("школа №11") == f"школа №{NBSP}11"


def test_initials_are_bound_to_the_surname_on_either_side():
    # The seed: «Назначить куратором … Е.А.Шишкину».
    assert typeset("Назначить Е.А.Шишкину") == f"Назначить Е.А.{NBSP}Шишкину"
    assert typeset("Назначить Е. А. Шишкину") == f"Назначить Е.А.{NBSP}Шишкину"
    assert typeset("Шишкина Е. А. и другие") == f"Шишкина{NBSP}Е.А. и другие"


def test_locality_abbreviation_keeps_its_name_on_the_line():
    # The seed's order: «г.Щёкино Тульской области».
    assert typeset("г.Щёкино Тульской области") == f"г.{NBSP}Щёкино Тульской области"
    assert typeset("ул. Лукашина, д. 5") == f"ул.{NBSP}Лукашина, д.{NBSP}5"
    assert typeset("2022 г.") == f"2022{NBSP}г."


def test_a_spaced_hyphen_becomes_a_dash_that_does_not_start_a_line():
    assert typeset("далее - МБОУ") == f"далее{NBSP}– МБОУ"
    assert typeset("учебно-воспитательной") == "учебно-воспитательной"


def test_control_characters_xml_cannot_hold_are_dropped():
    assert clean("a\x00b\x0bc\td") == "abc\td"
    assert clean(None) == ""


def test_initials_from_a_full_name_in_the_official_order():
    assert initials("Шишкина Елена Александровна") == f"Е.А.{NBSP}Шишкина"
    assert initials("Шишкина Елена Александровна", surname_first=True) == f"Шишкина{NBSP}Е.А."
    assert initials("Шишкина Елена") == f"Е.{NBSP}Шишкина"
    assert initials("  Шишкина ") == "Шишкина"


def test_dates_as_in_an_order_and_as_in_a_consent():
    assert date_numeric(date(2022, 3, 24)) == "24.03.2022"
    assert date_numeric(datetime(2022, 3, 4, 10, 30)) == "04.03.2022"
    assert date_words(date(2022, 3, 4)) == f"«04» марта 2022{NBSP}г."
    assert date_words(date(2022, 12, 31)) == f"«31» декабря 2022{NBSP}г."


def test_no_date_leaves_the_lines_to_fill_by_hand():
    assert date_words(None).startswith("«___»") and date_words(None).endswith(f"20___{NBSP}г.")
    assert blank(6) == "______"
