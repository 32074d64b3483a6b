"""The choice fields every feature uses (app/core/forms.py): a value the page did not offer is refused
with a Russian message; an empty one is left to the field's validators (required or optional)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired, Optional

from app.core.forms import OfferedChoice, OfferedChoices, OfferedRadio


class _Form(FlaskForm):
    class Meta:
        csrf = False

    one = OfferedChoice("One", choices=[("", "—"), ("a", "A")], validators=[Optional()])
    radio = OfferedRadio("Radio", choices=[("x", "X"), ("y", "Y")], validators=[InputRequired("Обязательное поле.")])
    many = OfferedChoices("Many", choices=[("p", "P"), ("q", "Q")])


def _errors(app, data: dict) -> dict:
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        form = _Form(MultiDict(data))
        form.validate()
        return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_values_offered_pass_and_others_are_refused_in_russian(app):
    assert _errors(app, {"one": "a", "radio": "x", "many": ["p", "q"]}) == {}
    errors = _errors(app, {"one": "z", "radio": "w", "many": ["p", "evil"]})
    assert errors["one"] == errors["radio"] == ["Выберите значение из списка."]
    assert errors["many"] == ["Выберите значения из списка."]


def test_an_empty_value_is_the_validators_question(app):
    assert _errors(app, {"radio": "y"}) == {}  # the optional select and the checkboxes may stay empty
    assert _errors(app, {"one": "a"})["radio"] == ["Обязательное поле."]
