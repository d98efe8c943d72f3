"""Calibrate the vector similarity floors of an embedding model (`matching.calibration`).

`python -m bench.calibrate [--model PATH] [--json out.json]` measures, for the configured model
(the packaged one by default; `MARKETPLACE_EMBEDDING_PRECISION=int8` for its int8 weights), the
cosines that carry no evidence:

- nonsense: 300 strings of random letters (one to three "words", seeded) as queries; for each,
  its best cosine against every ESCO occupation description (`bench.esco`, public English text)
  and against every occupation of the project's taxonomy in Finnish (label, alternative labels
  and description); most documents of the service are Finnish, where the English-trained model
  finds shared word pieces everywhere;
- unrelated: Finnish taxonomy occupations against the occupations of another ISCO major group
  (reported: on Finnish descriptions this model cannot tell them apart, p50 about 0.5, which is
  why a typed query's vector side embeds short basic-form labels, not prose).

The query floor is the best cosine any nonsense query reached, rounded up to the next
hundredth: none of them finds anything by meaning. The document floor (one profile against one
vacancy) is the 99th percentile of cosines between the structured texts of occupations of
different ISCO major groups (label and the labels of their skills, as documents are embedded).
For each floor the script reports what it keeps of real pairs: an ESCO occupation's preferred
title against its own description, and taxonomy occupations of the same ISCO minor group.
Results go to `bench/results/calibration-<model>.json`; the floors are then written into
`matching.calibration.CALIBRATED` by hand, with the figures in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from pathlib import Path
from typing import Any

import numpy as np

from bench.esco import occupations, preferred_title
from marketplace.config import Settings
from marketplace.container import load_encoder
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.embeddings import Encoder

NONSENSE_QUERIES = 300
SEED = 20261202
RESULTS = Path(__file__).resolve().parent / "results"


def nonsense(count: int = NONSENSE_QUERIES, seed: int = SEED) -> list[str]:
    """Random lower-case letter strings of one to three words, 3-12 letters each."""
    rng = random.Random(seed)
    return [
        " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12)))
            for _ in range(rng.randint(1, 3))
        )
        for _ in range(count)
    ]


def _finnish_occupations() -> tuple[list[str], list[str], list[str]]:
    """(codes, "label, alt labels. description" texts, "label, skill labels" texts)."""
    taxonomy = get_taxonomy()
    skills_of: dict[str, list[str]] = {}
    for skill in taxonomy.all(ConceptKind.SKILL):
        for code in getattr(skill, "occupations", ()) or ():
            skills_of.setdefault(code, []).append(skill.label("fi"))
    codes, described, structured = [], [], []
    for term in taxonomy.all(ConceptKind.OCCUPATION):
        label = term.label("fi")
        alt = ", ".join(term.alt.get("fi", ()))
        codes.append(term.code)
        described.append(f"{label}, {alt}. {term.description.get('fi', '')}".strip())
        structured.append(", ".join([label, *skills_of.get(term.code, [])[:8]]))
    return codes, described, structured


def _percentile(values: np.ndarray, q: float) -> float:
    return round(float(np.percentile(values, q)), 4)


def _pairs(codes: list[str], vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cosines of pairs in the same ISCO minor group, and of pairs in different major groups."""
    sims = vectors @ vectors.T
    minor = np.array([c[:3] for c in codes])
    major = np.array([c[:1] for c in codes])
    upper = np.triu(np.ones_like(sims, dtype=bool), k=1)
    same_minor = (minor[:, None] == minor[None, :]) & upper
    other_major = (major[:, None] != major[None, :]) & upper
    return sims[same_minor], sims[other_major]


def calibrate(encoder: Encoder, log: Any = print) -> dict[str, Any]:
    """Measure the distributions and derive the two floors."""
    esco = occupations()
    log(f"encoding {len(esco)} ESCO descriptions and titles ...")
    descriptions = encoder.encode([o.description for o in esco])
    titles = encoder.encode([preferred_title(o) for o in esco])
    codes, described, structured = _finnish_occupations()
    log(f"encoding {len(codes)} taxonomy occupations ...")
    fi_described = encoder.encode(described)
    fi_structured = encoder.encode(structured)
    noise = encoder.encode(nonsense())

    nonsense_en = (noise @ descriptions.T).max(axis=1)
    nonsense_fi = (noise @ fi_described.T).max(axis=1)
    _, unrelated_fi = _pairs(codes, fi_described)
    related_doc, unrelated_doc = _pairs(codes, fi_structured)
    own = np.einsum("ij,ij->i", titles, descriptions)

    # Above the best cosine any of the nonsense queries reached, rounded up: none of them
    # finds anything by meaning (a percentile would let one in a hundred through).
    query_floor = float(np.ceil(max(nonsense_en.max(), nonsense_fi.max()) * 100) / 100)
    document_floor = _percentile(unrelated_doc, 99)
    return {
        "model": encoder.model_id,
        "floors": {"query": round(query_floor, 2), "document": round(document_floor, 2)},
        "nonsense_best_cosine": {
            "esco_en": {
                "p50": _percentile(nonsense_en, 50),
                "p99": _percentile(nonsense_en, 99),
                "max": _percentile(nonsense_en, 100),
            },
            "taxonomy_fi": {
                "p50": _percentile(nonsense_fi, 50),
                "p99": _percentile(nonsense_fi, 99),
                "max": _percentile(nonsense_fi, 100),
            },
        },
        "unrelated_occupations_fi": {
            "p50": _percentile(unrelated_fi, 50),
            "p99": _percentile(unrelated_fi, 99),
        },
        "esco_title_to_own_description": {
            "p10": _percentile(own, 10),
            "p50": _percentile(own, 50),
            "kept_by_query_floor": round(float((own >= round(query_floor, 2)).mean()), 4),
        },
        "documents": {
            "unrelated_p50": _percentile(unrelated_doc, 50),
            "unrelated_p99": _percentile(unrelated_doc, 99),
            "same_minor_group_p50": _percentile(related_doc, 50),
            "same_minor_group_kept": round(
                float((related_doc >= round(document_floor, 2)).mean()), 4
            ),
        },
        "sizes": {
            "esco": len(esco),
            "taxonomy_occupations": len(codes),
            "nonsense": NONSENSE_QUERIES,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="sentence-transformers model path (default: packaged)")
    parser.add_argument(
        "--encoder",
        choices=("sentence-transformers", "hashing"),
        default="sentence-transformers",
        help="hashing: the deterministic test encoder, calibrated the same way",
    )
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    settings = Settings(embedding_model=args.model, embedding_encoder=args.encoder)
    report = calibrate(load_encoder(settings), log=lambda m: print(m, file=sys.stderr))
    text = json.dumps(report, indent=2)
    print(text)
    name, _, version = report["model"].partition("==")
    precision = version.partition("+")[2]
    out = args.json or RESULTS / f"calibration-{name}{'-' + precision if precision else ''}.json"
    out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
