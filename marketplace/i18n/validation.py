"""Validation errors as sentences in the reader's language.

pydantic says what is wrong in English ("String should have at least 1 character"); a form
says it in the page's language, after the field's label as the form shows it: "Nimi: täytä
tämä kenttä." Each error type maps to one catalogue sentence (`validation.*` in
common.json); a type without its own sentence gets a general one, never pydantic's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from marketplace.i18n import Translator

# pydantic error type -> (catalogue key, the context value the sentence names, if any)
SENTENCES: dict[str, tuple[str, str | None]] = {
    "missing": ("validation.missing", None),
    "string_too_short": ("validation.too_short", "min_length"),
    "string_too_long": ("validation.too_long", "max_length"),
    "too_long": ("validation.too_many", "max_length"),
    "too_short": ("validation.too_few", "min_length"),
    "int_parsing": ("validation.number", None),
    "int_type": ("validation.number", None),
    "float_parsing": ("validation.number", None),
    "decimal_parsing": ("validation.number", None),
    "greater_than_equal": ("validation.at_least", "ge"),
    "greater_than": ("validation.more_than", "gt"),
    "less_than_equal": ("validation.at_most", "le"),
    "less_than": ("validation.less_than", "lt"),
    "date_parsing": ("validation.date", None),
    "date_from_datetime_parsing": ("validation.date", None),
    "date_type": ("validation.date", None),
    "literal_error": ("validation.choice", None),
    "enum": ("validation.choice", None),
    "bool_parsing": ("validation.choice", None),
    "string_pattern_mismatch": ("validation.format", None),
    "url_parsing": ("validation.url", None),
}


def sentence(error: Mapping[str, Any], t: Translator) -> str:
    """One pydantic error as a sentence (without the field's name)."""
    kind = str(error.get("type", ""))
    if kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1:
        kind = "missing"  # an empty required text is a missing one to the person filling it
    if kind == "value_error" and "email address" in str(error.get("msg", "")):
        return t("validation.email")
    key, param = SENTENCES.get(kind, ("validation.invalid", None))
    if param is None:
        return t(key)
    return t(key, limit=(error.get("ctx") or {}).get(param, ""))


def field_messages(
    exc: ValidationError, lang: str, labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Field name -> "Label: sentence." for each field at fault (the first error of each),
    the label as the form shows it; a field without a label is named by the sentence alone."""
    t = Translator(lang)
    messages: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "form"
        if name in messages:
            continue
        messages[name] = labelled((labels or {}).get(name), sentence(error, t))
    return messages


def labelled(label: str | None, text: str) -> str:
    """A field's problem as a form shows it: "Label: sentence." (the sentence alone without a
    label)."""
    return f"{label}: {text[:1].lower()}{text[1:]}" if label else text


def missing_fields(
    values: Mapping[str, str], labels: Mapping[str, str], lang: str
) -> dict[str, str]:
    """Field name -> "Label: fill in this field." for each value left empty."""
    text = Translator(lang)("validation.missing")
    return {name: labelled(labels.get(name), text) for name, v in values.items() if not v.strip()}
