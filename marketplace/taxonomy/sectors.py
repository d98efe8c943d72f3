"""Sectors of work: the broad words people search by ("hoitoala", "rakennusala", "IT-ala").

No posting says it belongs to "rakennusala"; it says it wants a carpenter or a bricklayer. A
sector is therefore read as the occupations it holds (`data/sectors.json`: ISCO code prefixes
of the taxonomy's occupations), and a query naming one searches for all of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from marketplace.taxonomy.service import DATA_DIR, get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.suggest import Concept, ConceptIndex

SECTORS_FILE = DATA_DIR / "sectors.json"
# Sectors are read from Finnish and Swedish words only: the English ones are the words of many
# titles ("security consultant", "construction diver"), and the English stemmer takes
# "hospital" for "hospitality" and "administrator" for "administration".
READ_LANGUAGES = ("fi", "sv")


@dataclass(frozen=True)
class Sector:
    """A sector of work and the occupation codes it holds."""

    code: str
    labels: dict[str, str]
    alt: dict[str, list[str]]
    occupations: tuple[str, ...]


@lru_cache(maxsize=1)
def sectors() -> dict[str, Sector]:
    """Every sector by code, its ISCO prefixes read as the taxonomy's occupation codes."""
    data = json.loads(SECTORS_FILE.read_text(encoding="utf-8"))
    occupations = [term.code for term in get_taxonomy().all(ConceptKind.OCCUPATION)]
    return {
        item["code"]: Sector(
            code=item["code"],
            labels={lang: item[lang] for lang in ("fi", "sv", "en")},
            alt=item.get("alt", {}),
            occupations=tuple(
                code for code in occupations if code.startswith(tuple(item["occupations"]))
            ),
        )
        for item in data["items"]
    }


@lru_cache(maxsize=1)
def sector_index() -> ConceptIndex:
    """The sectors' Finnish and Swedish labels, matched as a query's concepts are (any
    inflected form)."""
    return ConceptIndex(
        Concept(
            code=s.code,
            kind="sector",
            labels={lang: s.labels[lang] for lang in READ_LANGUAGES},
            alt={lang: s.alt.get(lang, []) for lang in READ_LANGUAGES},
        )
        for s in sectors().values()
    )


def sectors_named(text: str) -> list[tuple[Sector, str]]:
    """The sectors a text names, each with the label that named it."""
    if not text.strip():
        return []
    found = sector_index().suggest(text, limit=len(sectors()))
    return [(sectors()[s.code], s.matched_label or "") for s in found if s.reason == "label_match"]
