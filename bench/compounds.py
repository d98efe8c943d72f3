"""Generic words on the demo data: does a search for a compound's head find the compounds?

    python -m bench.compounds --backend embedded|elasticsearch [--es-url URL] [--without-heads]

Each query is a head the index splits compounds on ("asentaja", "kuljettaja", ...), run through
the service's query path (analysis, typed request, hybrid search with the floor) on both
indices. A document counts as relevant when the Finnish label of its occupation (from the demo
generator's records) ends with the head: "Sähköasentaja" for "asentaja". `--without-heads`
indexes without compound heads, for the comparison.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import search.text
from bench.relevance import DemoSize, request_for, temporary_demo
from marketplace.indexing.queries import typed_request
from marketplace.taxonomy.query import analyse
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.calibration import floors_for
from search.base import INDEX_KINDS

QUERIES = (
    "asentaja",
    "kuljettaja",
    "päällikkö",
    "insinööri",
    "opettaja",
    "suunnittelija",
    "johtaja",
    "hoitaja",
    "työntekijä",
    "asiantuntija",
    "ohjaaja",
    "teknikko",
    "mestari",
    "assistentti",
    "tarkastaja",
)
LIMIT = 200


@dataclass
class HeadCounts:
    """One head word on one index: relevant documents, those found, other hits."""

    kind: str
    head: str
    relevant: int
    found: int
    other: int


@contextmanager
def heads_switched(on: bool) -> Iterator[None]:
    """Index with compound heads (the service's way) or, for the comparison, without."""
    kept = search.text.parts
    if not on:
        search.text.parts = lambda word: ()  # type: ignore[assignment]
    try:
        yield
    finally:
        search.text.parts = kept  # type: ignore[assignment]


def run(
    backend: str = "embedded",
    *,
    heads: bool = True,
    es_url: str | None = None,
    sizes: DemoSize = DemoSize(240, 360, 2022),
    directory: Path | None = None,
) -> list[HeadCounts]:
    """Every head word of `QUERIES` on both demo indices, built in a temporary folder."""
    labels = {t.code: t.labels["fi"].lower() for t in get_taxonomy().all(ConceptKind.OCCUPATION)}
    rows: list[HeadCounts] = []
    with (
        heads_switched(heads),
        temporary_demo(backend, sizes, es_url, directory, lambda _: None, {}) as (_, demo),
    ):
        floor = floors_for(demo.encoder.model_id).query
        for kind in INDEX_KINDS:
            for head in QUERIES:
                wanted = {
                    doc_id
                    for doc_id, code in demo.truth.occupation[kind].items()
                    if labels.get(code, "").endswith(head)
                }
                req = typed_request(
                    request_for(kind, head, "hybrid"),
                    analyse(head),
                    demo.encoder,
                    floor,
                    common=partial(demo.backend.common_words, kind),
                )
                hits: set[int] = set()
                if req is not None:
                    hits = {h.id for h in demo.backend.search(kind, replace(req, limit=LIMIT)).hits}
                rows.append(
                    HeadCounts(kind, head, len(wanted), len(hits & wanted), len(hits - wanted))
                )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("embedded", "elasticsearch"), default="embedded")
    parser.add_argument("--es-url", default=None)
    parser.add_argument("--without-heads", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.backend, heads=not args.without_heads, es_url=args.es_url)
    print("| index | query | relevant | found of them | other hits |\n|---|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row.kind} | {row.head} | {row.relevant} | {row.found} | {row.other} |")
    relevant = sum(r.relevant for r in rows)
    found = sum(r.found for r in rows)
    hits = found + sum(r.other for r in rows)
    print(
        f"\nrecall {found / max(relevant, 1):.3f} ({found} of {relevant}); "
        f"precision {found / max(hits, 1):.3f} ({found} of {hits} hits)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
