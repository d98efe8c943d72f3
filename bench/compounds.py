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
from collections.abc import Sequence
from dataclasses import replace

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("embedded", "elasticsearch"), default="embedded")
    parser.add_argument("--es-url", default=None)
    parser.add_argument("--without-heads", action="store_true")
    args = parser.parse_args(argv)
    if args.without_heads:
        search.text.parts = lambda word: ()  # type: ignore[assignment]
    labels = {t.code: t.labels["fi"].lower() for t in get_taxonomy().all(ConceptKind.OCCUPATION)}
    relevant = found = other = 0
    print("| index | query | relevant | found of them | other hits |\n|---|---|---:|---:|---:|")
    with temporary_demo(
        args.backend, DemoSize(240, 360, 2022), args.es_url, None, lambda _: None, {}
    ) as (_, demo):
        floor = floors_for(demo.encoder.model_id).query
        for kind in INDEX_KINDS:
            for head in QUERIES:
                wanted = {
                    doc_id
                    for doc_id, code in demo.truth.occupation[kind].items()
                    if labels.get(code, "").endswith(head)
                }
                req = typed_request(
                    request_for(kind, head, "hybrid"), analyse(head), demo.encoder, floor
                )
                hits = set()
                if req is not None:
                    hits = {h.id for h in demo.backend.search(kind, replace(req, limit=LIMIT)).hits}
                row = (kind, head, len(wanted), len(hits & wanted), len(hits - wanted))
                print("| " + " | ".join(map(str, row)) + " |")
                relevant, found, other = (
                    relevant + len(wanted),
                    found + len(hits & wanted),
                    other + len(hits - wanted),
                )
    print(
        f"\nrecall {found / max(relevant, 1):.3f} ({found} of {relevant}); "
        f"precision {found / max(found + other, 1):.3f} ({found} of {found + other} hits)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
