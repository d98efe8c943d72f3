"""Validation errors reach people as sentences in their language, never as pydantic's English."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest
from pydantic import BaseModel, EmailStr, Field, ValidationError

from marketplace.i18n import LANGUAGES
from marketplace.i18n.validation import SENTENCES, field_messages


class _Form(BaseModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=5)
    year: int = Field(ge=1950, le=2030)
    start: date
    level: Literal["A1", "B2"]
    tags: list[str] = Field(default=[], max_length=2)


def _errors(data: dict[str, object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(data)
    return caught.value


BAD = {"email": "x", "name": "", "year": "vuosi", "start": "2020-13-01", "level": "C9"}


def test_each_error_is_a_finnish_sentence_after_the_fields_label() -> None:
    labels = {"email": "Sähköposti", "name": "Nimi", "year": "Vuosi", "level": "Taso"}
    messages = field_messages(_errors(BAD), "fi", labels)
    assert messages == {
        "email": "Sähköposti: anna sähköpostiosoite muodossa nimi@esimerkki.fi.",
        "name": "Nimi: täytä tämä kenttä.",
        "year": "Vuosi: anna luku numeroina.",
        "start": "Anna päivämäärä muodossa pp.kk.vvvv.",  # no label given: the sentence alone
        "level": "Taso: valitse jokin annetuista vaihtoehdoista.",
    }


def test_limits_are_named_in_swedish_and_english() -> None:
    data = {**BAD, "email": "a@b.fi", "name": "liian pitkä", "year": 1900, "start": "2020-01-01"}
    data |= {"level": "A1", "tags": ["a", "b", "c"]}
    assert field_messages(_errors(data), "sv") == {
        "name": "Skriv högst 5 tecken.",
        "year": "Det minsta tillåtna värdet är 1950.",
        "tags": "Välj högst 2.",
    }
    assert field_messages(_errors(data), "en")["year"] == "The smallest allowed value is 1950."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_pydantics_english(lang: str) -> None:
    texts = " ".join(field_messages(_errors(BAD), lang).values())
    for english in ("Input should", "String should", "value is not a valid", "Field required"):
        assert english not in texts


def test_every_sentence_exists_in_every_language() -> None:
    from marketplace.i18n import catalogue

    keys = {key for key, _ in SENTENCES.values()} | {"validation.email", "validation.invalid"}
    for key in keys:
        assert set(catalogue()[key]) == set(LANGUAGES), key
