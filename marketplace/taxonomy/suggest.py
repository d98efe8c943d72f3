"""Taxonomy concept suggestions: prefixes while a query is typed, concepts named in a query,
and skills and occupations suggested from a profile's or a vacancy's free text."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from marketplace.errors import ValidationFailed
from marketplace.taxonomy.service import Taxonomy, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.embeddings import Encoder
from matching.suggest import Concept, ConceptIndex, Suggestion

SUGGEST_TEXT_MAX = 5000
SUGGEST_LIMIT_MAX = 50
EXCLUDE_MAX = 200
# Concepts the matching side knows about; other kinds (places, licences) are picked from lists.
SUGGESTED_KINDS: tuple[Literal["skill", "occupation"], ...] = ("occupation", "skill")

ConceptCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class SuggestIn(BaseModel):
    """Free text to suggest skills and occupations for, without the codes already chosen."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=SUGGEST_TEXT_MAX)
    exclude: list[ConceptCode] = Field(default_factory=list, max_length=EXCLUDE_MAX)
    limit: int = Field(default=10, ge=1, le=SUGGEST_LIMIT_MAX)


class ConceptSuggestion(BaseModel):
    """A suggested concept: `reason` is label_match, similar or related."""

    code: str
    kind: str
    label: str
    labels: dict[str, str]
    score: float
    reason: str
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


def warm_up(app: Any) -> threading.Thread:
    """Build the semantic index in the background (e.g. from the app lifespan), so that the
    first suggestion request of a fresh process does not wait for the label embeddings."""
    thread = threading.Thread(
        target=lambda: semantic_index(app.state.indexer.encoder()),
        daemon=True,
        name="concept-index",
    )
    thread.start()
    return thread


def _out(suggestion: Suggestion, lang: str) -> ConceptSuggestion:
    labels = dict(suggestion.label_by_lang)
    return ConceptSuggestion(
        code=suggestion.code,
        kind=suggestion.kind,
        label=labels.get(lang) or labels["fi"],
        labels=labels,
        score=suggestion.score,
        reason=suggestion.reason,
        matched_label=suggestion.matched_label,
    )


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


def suggest_concepts(
    request: Request, text: str, exclude: Sequence[str] = (), lang: str = "fi", limit: int = 10
) -> list[ConceptSuggestion]:
    """Skills and occupations for a free text (label matches, similar meaning, related ones),
    best first, leaving out the codes already chosen."""
    if len(text) > SUGGEST_TEXT_MAX:
        raise ValidationFailed(
            f"The text may be at most {SUGGEST_TEXT_MAX} characters", field="text"
        )
    if not text.strip() and not exclude:
        return []
    index = semantic_index(request.app.state.indexer.encoder())
    found = index.suggest(text, limit=limit, exclude=exclude)
    return [_out(s, lang) for s in found]


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
