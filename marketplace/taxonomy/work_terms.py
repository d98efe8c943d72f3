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
from functools import lru_cache

from marketplace.i18n import catalogue
from marketplace.taxonomy.vocab import EmploymentType, Remote, WorkingTime
from search.text import QUERY_ONLY_STOP_WORDS, stems

NAME_LANGUAGES = ("fi", "sv", "en")
# Remote work asked for: partly remote postings and the jobseekers open to remote work count.
REMOTE_VALUES = ("remote", "hybrid", "yes")


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[frozenset[str], str, tuple[str, ...]], ...]:
    """(the stems of a name, the field, the values it asks for), for every name of a term."""
    texts = catalogue()
    terms: list[tuple[str, str, tuple[str, ...]]] = [
        *(("employment_type", v.value, (v.value,)) for v in EmploymentType),
        *(("working_time", v.value, (v.value,)) for v in WorkingTime),
        ("remote", Remote.REMOTE.value, REMOTE_VALUES),
    ]
    # Queries drop the words that only say "a job" ("summer job" is asked for as "summer").
    generic = set(stems(" ".join(QUERY_ONLY_STOP_WORDS)))
    return tuple(
        (frozenset(stems(texts[f"vocab.{field}.{key}"][lang])) - generic, field, values)
        for field, key, values in terms
        for lang in NAME_LANGUAGES
    )


def terms_named(words: Sequence[str]) -> dict[str, list[str]]:
    """Field -> the values of the terms of work the query's words name."""
    held = set(stems(" ".join(words)))
    named: dict[str, list[str]] = {}
    for name, field, values in _names():
        if name and name <= held:
            named.setdefault(field, [])
            named[field] = list(dict.fromkeys([*named[field], *values]))
    return named
