"""`python -m bench.report [DIR]`: the JSON results as the Markdown table of BENCHMARKS.md."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.results import Figure

DEFAULT_RESULTS = Path(__file__).resolve().parent / "results"
SIZE_ORDER = {"smoke": 0, "tiny": 1, "10k": 2, "100k": 3}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _rows(data: dict[str, Any]) -> list[str]:
    backend = data["backend"] + (f" ({data['variant']})" if data.get("variant") else "")
    load = data.get("load_before", [0, 0, 0])[0]
    head = f"| {data['scenario']} | {data['size']} | {backend} |"
    if data.get("skipped"):
        return [f"{head} skipped: {data['skipped']} | | | | | |"]
    rows = []
    for item in data["figures"]:
        figure = Figure(**{k: item[k] for k in Figure.__dataclass_fields__})
        value = f"{_number(figure.value)} {figure.unit}".strip()
        target = ""
        if figure.target is not None:
            sign = "≤" if figure.better == "lower" else "≥"
            target = f"{sign} {_number(figure.target)} {figure.unit}".strip()
        verdict = {True: "met", False: "**missed**", None: ""}[figure.met]
        ratio = _number(figure.ratio) if figure.ratio is not None else ""
        rows.append(
            f"{head} {figure.name} | {value} | {target} | {ratio} | {verdict} | {load:.1f} |"
        )
    return rows


def table(paths: Sequence[Path]) -> str:
    """One Markdown row per figure, ordered by scenario, size and backend."""
    loaded = [json.loads(path.read_text()) for path in paths]
    # Other tools keep their own JSON files in the same folder; only scenario results count.
    results = [d for d in loaded if isinstance(d, dict) and {"scenario", "figures"} <= d.keys()]
    results.sort(
        key=lambda d: (
            d["scenario"],
            SIZE_ORDER.get(d["size"], 9),
            d["backend"],
            d.get("variant", ""),
        )
    )
    lines = [
        "| scenario | size | backend | figure | value | target | ratio | | load |",
        "|---|---|---|---|---:|---:|---:|---|---:|",
    ]
    for data in results:
        lines += _rows(data)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table of every result file in the folder given (default bench/results)."""
    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else DEFAULT_RESULTS
    print(table(sorted(folder.glob("*.json"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
