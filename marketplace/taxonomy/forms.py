"""Taxonomy helpers for page forms: what typed text means, the options of a concept list, and the
language level options.

Shared by the profile builder and the vacancy editor, which both let people type a label
instead of picking a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.taxonomy.service import Term, get_taxonomy
from marketplace.taxonomy.vocab import LanguageLevel
from matching.analysis import fold

# How many candidate concepts a form offers when the typed text is ambiguous.
CHOICES_MAX = 12


@dataclass(frozen=True)
class Resolution:
    """What typed text means in the taxonomy: one code, several choices, or nothing."""

    code: str | None = None
    choices: tuple[Term, ...] = ()


def resolve_concept(kind: str, text: str, chosen: str = "", lang: str = "fi") -> Resolution:
    """A valid chosen code, an exact label (any language) or a single match gives the code."""
    taxonomy = get_taxonomy()
    if chosen and taxonomy.get(kind, chosen.strip()):
        return Resolution(code=chosen.strip())
    folded = fold(text).strip()
    if not folded:
        return Resolution()
    terms = taxonomy.all(kind)
    exact = [t for t in terms if t.code == text.strip()] or [
        t for t in terms if folded in {fold(label) for label in t.labels.values()}
    ]
    if not exact:
        exact = [t for t in terms if folded in {fold(a) for alts in t.alt.values() for a in alts}]
    found = exact or taxonomy.typeahead(kind, text, lang, CHOICES_MAX)
    if len(found) == 1:
        return Resolution(code=found[0].code)
    return Resolution(choices=tuple(found[:CHOICES_MAX]))


def concept_options(kind: str, lang: str) -> list[tuple[str, str]]:
    """(code, label) of every concept of a kind in list order (languages: Finnish, Swedish and
    English first, then the rest by label in the UI language)."""
    return [(t.code, t.label(lang)) for t in get_taxonomy().listed(kind, lang)]


def language_levels(lang: str) -> list[tuple[str, str]]:
    """Language level options (code, label) in a UI language."""
    levels = get_taxonomy().levels
    if levels:
        return [(lvl["code"], lvl.get(lang) or lvl["fi"]) for lvl in levels]
    return [(level.value, level.value) for level in LanguageLevel]
