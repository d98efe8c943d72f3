"""Taxonomy typeahead API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from marketplace.deps import TranslatorDep
from marketplace.taxonomy.service import get_taxonomy
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
