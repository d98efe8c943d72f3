"""The taxonomy: loading the versioned data files, label lookup, typeahead and validation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from marketplace.errors import ValidationFailed
from marketplace.taxonomy.models import Concept
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGS = ("fi", "sv", "en")

# Which data file feeds which concept kind, and which item key names its parent.
_FILES: dict[str, tuple[str, str | None]] = {
    ConceptKind.REGION: ("regions.json", None),
    ConceptKind.MUNICIPALITY: ("municipalities.json", "region"),
    ConceptKind.OCCUPATION_GROUP: ("occupation_groups.json", "parent"),
    ConceptKind.OCCUPATION: ("occupations.json", "group"),
    ConceptKind.SKILL: ("skills.json", None),
    ConceptKind.LICENCE: ("licences.json", "category"),
    ConceptKind.LANGUAGE: ("languages.json", None),
}

# Concepts every list of their kind starts with, in this order, before the rest by label:
# Finland's national languages and English are the languages most people look for.
FIRST_CODES: dict[str, tuple[str, ...]] = {ConceptKind.LANGUAGE: ("fi", "sv", "en")}

# An occupation code starts with its ISCO unit group; the first three digits are its minor
# group, the occupations counted as related in matching.
MINOR_GROUP_DIGITS = 3


def minor_group(occupation_code: str) -> str:
    """The ISCO minor group of an occupation code ("2221.1" -> "222")."""
    return occupation_code[:MINOR_GROUP_DIGITS]


@dataclass(frozen=True)
class Term:
    """One concept as the application uses it."""

    kind: str
    code: str
    labels: dict[str, str]
    parent: str | None = None
    alt: dict[str, list[str]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """Label in a UI language, Finnish as the fallback."""
        return self.labels.get(lang) or self.labels["fi"]

    def as_dict(self, lang: str) -> dict[str, Any]:
        """API shape of a concept."""
        return {
            "code": self.code,
            "kind": self.kind,
            "label": self.label(lang),
            "labels": self.labels,
            "parent": self.parent,
        }


class Taxonomy:
    """All concepts in memory: a few thousand entries, looked up on every request."""

    def __init__(self, version: str, terms: Iterable[Term], levels: Sequence[dict[str, str]]):
        self.version = version
        self.levels = list(levels)
        self._by_kind: dict[str, dict[str, Term]] = {}
        self._folded: dict[str, list[tuple[Term, list[str]]]] = {}
        for term in terms:
            self._by_kind.setdefault(term.kind, {})[term.code] = term
            names = [*term.labels.values(), *(a for alts in term.alt.values() for a in alts)]
            self._folded.setdefault(term.kind, []).append((term, [fold(n) for n in names]))

    def get(self, kind: str, code: str) -> Term | None:
        """A concept by kind and code."""
        return self._by_kind.get(kind, {}).get(code)

    def all(self, kind: str) -> list[Term]:
        """Every concept of a kind, in code order."""
        return list(self._by_kind.get(kind, {}).values())

    def listed(self, kind: str, lang: str = "fi") -> list[Term]:
        """Every concept of a kind in list order: the kind's first codes, then by label."""
        first = first_rank(kind)
        return sorted(self.all(kind), key=lambda t: (first(t.code), fold(t.label(lang))))

    def label(self, kind: str, code: str, lang: str = "fi") -> str:
        """Label of a code, or the code itself when unknown (e.g. a retired concept)."""
        term = self.get(kind, code)
        return term.label(lang) if term else code

    def unknown(self, kind: str, codes: Iterable[str]) -> list[str]:
        """Codes that are not in the taxonomy."""
        known = self._by_kind.get(kind, {})
        return [c for c in codes if c not in known]

    def region_of(self, municipality_code: str | None) -> str | None:
        """Region of a municipality."""
        term = self.get(ConceptKind.MUNICIPALITY, municipality_code or "")
        return term.parent if term else None

    def typeahead(self, kind: str, query: str, lang: str = "fi", limit: int = 10) -> list[Term]:
        """Concepts whose label (any language, or an alternative label) or a word in it starts
        with the query; case- and diacritic-insensitive, whole-label prefixes first."""
        q = fold(query).strip()
        if not q:
            return self.listed(kind, lang)[:limit]
        first = first_rank(kind)
        ranked: list[tuple[int, int, str, Term]] = []
        for term, names in self._folded.get(kind, []):
            own = fold(term.label(lang))
            if own.startswith(q):
                rank = 0
            elif any(n.startswith(q) for n in names):
                rank = 1
            elif any(w.startswith(q) for n in names for w in n.replace("-", " ").split()):
                rank = 2
            elif len(q) >= 4 and any(q in n for n in names):
                rank = 3  # compound words: "hoitaja" inside "sairaanhoitaja"
            else:
                continue
            ranked.append((rank, first(term.code), own, term))
        ranked.sort(key=lambda r: (r[0], r[1], len(r[2]), r[2]))
        return [t for *_, t in ranked[:limit]]


def first_rank(kind: str) -> Callable[[str], int]:
    """A code's place among the kind's first codes (FIRST_CODES); every other code after them."""
    places = {code: place for place, code in enumerate(FIRST_CODES.get(kind, ()))}
    return lambda code: places.get(code, len(places))


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _term(kind: str, item: dict[str, Any], parent_key: str | None) -> Term:
    related = item.get("occupations") or ()
    return Term(
        kind=kind,
        code=str(item["code"]),
        labels={lang: item[lang] for lang in LANGS},
        parent=item.get(parent_key) if parent_key else None,
        alt=item.get("alt") or {},
        description=item.get("description") or {},
        related=tuple(related),
    )


@lru_cache
def get_taxonomy() -> Taxonomy:
    """The taxonomy of the data files shipped with this version."""
    terms: list[Term] = []
    versions = set()
    for kind, (name, parent_key) in _FILES.items():
        data = _read(name)
        versions.add(str(data["version"]))
        terms.extend(_term(kind, item, parent_key) for item in data["items"])
    levels = _read("languages.json").get("levels", [])
    return Taxonomy(version="+".join(sorted(versions)), terms=terms, levels=levels)


def load_into_database(session: Session) -> int:
    """Replace the concepts table with the shipped taxonomy when its version changed."""
    taxonomy = get_taxonomy()
    current = session.scalar(select(Concept.version).limit(1))
    if current == taxonomy.version:
        return 0
    session.execute(delete(Concept))
    rows = [
        {
            "kind": term.kind,
            "code": term.code,
            "label_fi": term.labels["fi"],
            "label_sv": term.labels["sv"],
            "label_en": term.labels["en"],
            "parent_code": term.parent,
            "data": {"alt": term.alt, "description": term.description, "related": term.related},
            "version": taxonomy.version,
        }
        for kind in _FILES
        for term in taxonomy.all(kind)
    ]
    session.execute(insert(Concept), rows)
    return len(rows)


def require_codes(kind: str, codes: Iterable[str], field_name: str) -> None:
    """422 naming the field when any code is not in the taxonomy."""
    unknown = get_taxonomy().unknown(kind, codes)
    if unknown:
        raise ValidationFailed(
            f"Unknown {kind} code(s): {', '.join(unknown[:5])}", field=field_name
        )
