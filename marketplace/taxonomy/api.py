"""Taxonomy typeahead API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from marketplace.deps import ServicesDep, TranslatorDep
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.suggest import (
    SuggestIn,
    SuggestOut,
    concept_suggestions,
    require_concept_codes,
    suggest_concepts,
)
from marketplace.taxonomy.vocab import ConceptKind

router = APIRouter(prefix="/api/v1/taxonomy", tags=["taxonomy"])

KINDS = {
    "occupations": ConceptKind.OCCUPATION,
    "skills": ConceptKind.SKILL,
    "licences": ConceptKind.LICENCE,
    "languages": ConceptKind.LANGUAGE,
    "municipalities": ConceptKind.MUNICIPALITY,
    "regions": ConceptKind.REGION,
}
KindPath = Annotated[
    str,
    Path(
        pattern="^(" + "|".join(KINDS) + ")$",
        description="occupations, skills, licences, languages, municipalities or regions",
    ),
]


# Registered before "/{kind}", which would otherwise take "concepts" for a kind.
@router.get("/concepts")
def concepts(
    t: TranslatorDep,
    q: Annotated[str, Query(max_length=100)] = "",
    kind: Annotated[list[Literal["skill", "occupation"]] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Skills and occupations whose label in any language, or a word in it, starts with `q`:
    "sairaanhoi" suggests the occupation Sairaanhoitaja."""
    kinds = tuple(kind) if kind else ("occupation", "skill")
    items = concept_suggestions(q, t.lang, kinds, limit)
    return {"version": get_taxonomy().version, "items": [i.model_dump() for i in items]}


@router.post("/suggest")
def suggest(data: SuggestIn, t: TranslatorDep, services: ServicesDep) -> SuggestOut:
    """Skills and occupations (or only the `kinds` asked for) for a free text, such as a
    profile description or a vacancy text, leaving out the codes in `exclude`. Each comes with
    a score, the machine `reason` it was found (label_match, similar, related) and
    `reason_text`, the reason as a sentence in the request language."""
    require_concept_codes(data.exclude, "exclude")
    encoder = services.indexer.encoder()
    items = suggest_concepts(
        encoder, data.text, data.exclude, t.lang, data.limit, kinds=tuple(data.kinds)
    )
    return SuggestOut(items=items)


@router.get("/{kind}")
def typeahead(
    kind: KindPath,
    t: TranslatorDep,
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """Concepts whose label in Finnish, Swedish or English starts with `q`."""
    taxonomy = get_taxonomy()
    terms = taxonomy.typeahead(KINDS[kind], q, t.lang, limit)
    items = [term.as_dict(t.lang) for term in terms]
    if kind == "municipalities":
        for item in items:
            item["region_label"] = taxonomy.label(ConceptKind.REGION, item["parent"] or "", t.lang)
    result: dict[str, Any] = {"version": taxonomy.version, "items": items}
    if kind == "languages":
        result["levels"] = [
            {"code": lvl["code"], "label": lvl.get(t.lang) or lvl["fi"]} for lvl in taxonomy.levels
        ]
    return result
