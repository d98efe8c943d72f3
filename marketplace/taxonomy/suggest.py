"""Taxonomy concept suggestions: prefixes while a query is typed, concepts named in a query,
and skills and occupations suggested from a profile's or a vacancy's free text."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from marketplace.errors import ValidationFailed
from marketplace.i18n import Translator
from marketplace.taxonomy.service import Taxonomy, Term, get_taxonomy, minor_group
from marketplace.taxonomy.vocab import ConceptKind
from matching.embeddings import Encoder
from matching.suggest import LABEL_MATCH_SCORE, Concept, ConceptIndex, Suggestion

SUGGEST_TEXT_MAX = 5000
SUGGEST_LIMIT_MAX = 50
EXCLUDE_MAX = 200
# Concepts the matching side knows about; other kinds (places, licences) are picked from lists.
SuggestedKind = Literal["skill", "occupation"]
SUGGESTED_KINDS: tuple[SuggestedKind, ...] = ("occupation", "skill")

ConceptCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class SuggestIn(BaseModel):
    """Free text to suggest skills and occupations for, without the codes already chosen;
    `kinds` narrows the suggestions to what the field being filled holds."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=SUGGEST_TEXT_MAX)
    exclude: list[ConceptCode] = Field(default_factory=list, max_length=EXCLUDE_MAX)
    limit: int = Field(default=10, ge=1, le=SUGGEST_LIMIT_MAX)
    kinds: list[SuggestedKind] = Field(
        default_factory=lambda: list(SUGGESTED_KINDS), min_length=1, max_length=2
    )


class ConceptSuggestion(BaseModel):
    """A suggested concept: `reason` is label_match, similar or related for programs, and
    `reason_text` says the same to a person in the language asked for."""

    code: str
    kind: str
    label: str
    labels: dict[str, str]
    score: float
    reason: str
    reason_text: str
    matched_label: str | None = None


class SuggestOut(BaseModel):
    items: list[ConceptSuggestion]


def _concepts(taxonomy: Taxonomy) -> list[Concept]:
    return [
        Concept(
            code=term.code,
            kind=kind,
            labels=dict(term.labels),
            alt={lang: list(names) for lang, names in term.alt.items()},
            related=term.related,
            descriptions=dict(term.description),
            group=minor_group(term.code) if kind == ConceptKind.OCCUPATION else "",
        )
        for kind in SUGGESTED_KINDS
        for term in taxonomy.all(kind)
    ]


@lru_cache(maxsize=1)
def label_index() -> ConceptIndex:
    """Stemmed labels and prefixes of all skills and occupations, without embeddings."""
    return ConceptIndex(_concepts(get_taxonomy()))


_semantic: dict[str, ConceptIndex] = {}
_semantic_lock = threading.Lock()


def semantic_index(encoder: Encoder) -> ConceptIndex:
    """The index with concept embeddings, built once per process and model. Label vectors go
    through the encoder given, which the service backs with its vector cache, so later
    processes read them from the database instead of encoding them again."""
    with _semantic_lock:
        index = _semantic.get(encoder.model_id)
        if index is None:
            index = ConceptIndex(_concepts(get_taxonomy()), encoder)
            _semantic[encoder.model_id] = index
        return index


def reason_text(reason: str, lang: str, source: Term | None = None) -> str:
    """The reason of a suggestion as a sentence in a UI language; `source` is the concept
    that brought a related suggestion, when known."""
    t = Translator(lang)
    if reason == "related" and source is not None:
        # Relations join a skill and an occupation, so the source's kind names the link.
        key = (
            "taxonomy.reason.common_in_occupation"
            if source.kind == ConceptKind.OCCUPATION
            else "taxonomy.reason.related_to_skill"
        )
        return t(key, label=source.label(lang))
    key = f"taxonomy.reason.{reason}"
    # A reason without its own sentence still must not show as a code.
    return t(key) if t.has(key) else t("taxonomy.reason.related")


def _out(suggestion: Suggestion, lang: str, source: Term | None = None) -> ConceptSuggestion:
    labels = dict(suggestion.label_by_lang)
    return ConceptSuggestion(
        code=suggestion.code,
        kind=suggestion.kind,
        label=labels.get(lang) or labels["fi"],
        labels=labels,
        score=suggestion.score,
        reason=suggestion.reason,
        reason_text=reason_text(suggestion.reason, lang, source),
        matched_label=suggestion.matched_label,
    )


def _term(code: str, kind: str | None = None) -> Term | None:
    """A skill or occupation by code; a chosen code comes without its kind, so try both."""
    taxonomy = get_taxonomy()
    for candidate in (kind,) if kind else SUGGESTED_KINDS:
        term = taxonomy.get(candidate, code)
        if term is not None:
            return term
    return None


def _related_source(suggestion: Suggestion, seeds: Sequence[tuple[float, Term]]) -> Term | None:
    """The seed that brought a related suggestion: the best scored found or chosen concept
    related to it, as the index offers a related concept a share of its best seed's score."""
    term = _term(suggestion.code, suggestion.kind)
    if term is None:
        return None
    for _, seed in seeds:
        # Relations are stored on one side (skill -> occupations) but hold both ways.
        if term.code in seed.related or seed.code in term.related:
            return seed
    return None


def _seeds(found: Sequence[Suggestion], exclude: Sequence[str]) -> list[tuple[float, Term]]:
    """Found concepts that seed related ones (label matches and similar ones) and the chosen
    codes, which seed as strongly as a label match; best first."""
    scores: dict[str, tuple[float, str | None]] = {
        s.code: (s.score, s.kind) for s in found if s.reason != "related"
    }
    for code in exclude:
        scores[code] = (LABEL_MATCH_SCORE, None)
    seeds = [
        (score, term)
        for code, (score, kind) in scores.items()
        if (term := _term(code, kind)) is not None
    ]
    return sorted(seeds, key=lambda seed: (-seed[0], seed[1].code))


def require_concept_codes(codes: Iterable[str], field_name: str) -> None:
    """422 naming the field when a code is neither a skill nor an occupation."""
    taxonomy = get_taxonomy()
    unknown = [
        code
        for code in codes
        if taxonomy.get(ConceptKind.SKILL, code) is None
        and taxonomy.get(ConceptKind.OCCUPATION, code) is None
    ]
    if unknown:
        raise ValidationFailed(
            f"Unknown skill or occupation code(s): {', '.join(unknown[:5])}", field=field_name
        )


def _suggest_all(encoder: Encoder, text: str, exclude: Sequence[str]) -> list[Suggestion]:
    """Every candidate the index finds for the text, best first."""
    if len(text) > SUGGEST_TEXT_MAX:
        raise ValidationFailed(
            f"The text may be at most {SUGGEST_TEXT_MAX} characters", field="text"
        )
    if not text.strip() and not exclude:
        return []
    index = semantic_index(encoder)
    # All candidates, not just `limit`: filtering by kind must not starve the list, and the
    # seeds of related suggestions must be known even when they are of the other kind.
    return index.suggest(text, limit=len(index.concepts), exclude=exclude)


def _described(
    found: Sequence[Suggestion],
    exclude: Sequence[str],
    lang: str,
    limit: int,
    kinds: Iterable[str],
) -> list[ConceptSuggestion]:
    wanted = set(kinds)
    chosen = [s for s in found if s.kind in wanted][:limit]
    seeds = _seeds(found, exclude) if any(s.reason == "related" for s in chosen) else []
    return [
        _out(s, lang, _related_source(s, seeds) if s.reason == "related" else None) for s in chosen
    ]


def suggest_concepts(
    encoder: Encoder,
    text: str,
    exclude: Sequence[str] = (),
    lang: str = "fi",
    limit: int = 10,
    kinds: Iterable[SuggestedKind] = SUGGESTED_KINDS,
) -> list[ConceptSuggestion]:
    """Skills and occupations (or only the `kinds` asked for) for a free text: label matches,
    similar meaning and related ones, best first, leaving out the codes already chosen."""
    found = _suggest_all(encoder, text, exclude)
    return _described(found, exclude, lang, limit, kinds)


def suggest_concepts_by_kind(
    encoder: Encoder, text: str, exclude: Sequence[str] = (), lang: str = "fi", limit: int = 10
) -> dict[SuggestedKind, list[ConceptSuggestion]]:
    """Skill and occupation suggestions as separate lists of at most `limit` each, for pages
    that fill both kinds of field from one text; the text is read once."""
    found = _suggest_all(encoder, text, exclude)
    return {kind: _described(found, exclude, lang, limit, (kind,)) for kind in SUGGESTED_KINDS}


def concept_suggestions(
    query: str,
    lang: str = "fi",
    kinds: Iterable[Literal["skill", "occupation"]] = SUGGESTED_KINDS,
    limit: int = 10,
) -> list[ConceptSuggestion]:
    """Concepts whose label (any language), or a word in it, starts with the typed query."""
    found = label_index().prefix_suggest(query, lang, kinds, limit)
    return [_out(s, lang) for s in found]


def concepts_named(text: str, limit: int = 20) -> list[ConceptSuggestion]:
    """Skills and occupations a query names in any inflected form ("sairaanhoitajaksi")."""
    if not text.strip():
        return []
    found = label_index().suggest(text, limit=limit)
    return [_out(s, "fi") for s in found if s.reason == "label_match"]
