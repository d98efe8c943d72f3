"""Terms of work a query names: "kesätyö oulu", "osa-aikainen myyjä", "etätyö", "deltid".

A term of work is a field of its own in every posting and profile (`vocab.EmploymentType`,
`WorkingTime`, `Remote`), and its names are in their search text (`indexing.documents`), so
the words already find the documents that say them. Read as a term, the words also make a
preference: the documents with that term rank ahead of those the text ranks a little higher
without it, as a place named does. A query names a term when it holds every word of one of its
Finnish, Swedish or English names, in any inflection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marketplace.i18n import catalogue
from marketplace.taxonomy.vocab import EmploymentType, Remote, WorkingTime
from search.text import QUERY_ONLY_STOP_WORDS, stems

NAME_LANGUAGES = ("fi", "sv", "en")
# The names the documents' text holds (`indexing.documents.TERM_NAME_LANGUAGES`).
SEARCHED_LANGUAGES = ("fi", "sv")
# Remote work asked for: partly remote postings and the jobseekers open to remote work count.
REMOTE_VALUES = ("remote", "hybrid", "yes")


# Other names people type for a term, in Finnish.
ALSO_NAMED: dict[tuple[str, str], tuple[str, ...]] = {
    ("working_time", "part_time"): ("osa-aikatyö",),
}


@dataclass(frozen=True)
class _Name:
    stems: frozenset[str]
    field: str
    values: tuple[str, ...]
    # The term's Finnish and Swedish names: what the documents' text holds of it.
    searched: tuple[str, ...]


@dataclass(frozen=True)
class TermsNamed:
    """The terms of work a query names: field -> the values asked for, the query words that
    named them, and the terms' Finnish and Swedish names, which the text search looks for."""

    prefer: dict[str, list[str]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _names() -> tuple[_Name, ...]:
    """Every name of every term, as stems, with what it asks for."""
    texts = catalogue()
    terms: list[tuple[str, str, tuple[str, ...]]] = [
        *(("employment_type", v.value, (v.value,)) for v in EmploymentType),
        *(("working_time", v.value, (v.value,)) for v in WorkingTime),
        ("remote", Remote.REMOTE.value, REMOTE_VALUES),
    ]
    # Queries drop the words that only say "a job" ("summer job" is asked for as "summer").
    generic = set(stems(" ".join(QUERY_ONLY_STOP_WORDS)))
    found: list[_Name] = []
    for kind, key, values in terms:
        own = texts[f"vocab.{kind}.{key}"]
        searched = tuple(own[lang] for lang in SEARCHED_LANGUAGES)
        for name in [*(own[lang] for lang in NAME_LANGUAGES), *ALSO_NAMED.get((kind, key), ())]:
            found.append(_Name(frozenset(stems(name)) - generic, kind, values, searched))
    return tuple(found)


def terms_named(words: Sequence[str]) -> TermsNamed:
    """The terms of work the query's words name."""
    held = {word: _stem_of(word) for word in words}
    present = set(held.values())
    prefer: dict[str, list[str]] = {}
    naming: set[str] = set()
    searched: list[str] = []
    for name in _names():
        if name.stems and name.stems <= present:
            prefer[name.field] = list(dict.fromkeys([*prefer.get(name.field, []), *name.values]))
            naming |= {word for word, stem in held.items() if stem in name.stems}
            searched += name.searched
    return TermsNamed(prefer, frozenset(naming), tuple(dict.fromkeys(searched)))


def _stem_of(word: str) -> str:
    found = stems(word)
    return found[0] if found else word
