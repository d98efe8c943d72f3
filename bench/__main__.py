"""`python -m bench [scenario ...] [--size S] [--backend B ...] [--out DIR]`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

# The model must load from its package; a missing file fails instead of downloading.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.context import Context, Skip
from bench.corpus import BENCH_ROOT, SIZES
from bench.machine import describe, load_average
from bench.results import ScenarioResult, now_iso, summary_table
from bench.scenarios import SCENARIOS

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
BACKENDS = ("embedded", "elasticsearch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run benchmark scenarios; each writes <out>/<scenario>-<size>-<backend>.json.",
    )
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="scenario",
        help=f"any of: {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--size", choices=list(SIZES), default="tiny")
    parser.add_argument(
        "--backend",
        action="append",
        choices=[*BACKENDS, "both"],
        help="search backend; repeat it or say 'both' (default: embedded)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the JSON files")
    parser.add_argument(
        "--root", type=Path, default=BENCH_ROOT, help="folder of the stored corpora"
    )
    parser.add_argument(
        "--es-url", help="Elasticsearch URL (default: $MARKETPLACE_ELASTICSEARCH_URL)"
    )
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment of the server process, e.g. OMP_NUM_THREADS=1 (repeatable)",
    )
    parser.add_argument(
        "--variant", default="", help="name of this configuration, appended to the file names"
    )
    return parser


def _backends(chosen: Sequence[str] | None) -> list[str]:
    if not chosen:
        return ["embedded"]
    if "both" in chosen:
        return list(BACKENDS)
    return list(dict.fromkeys(chosen))


def run_scenario(name: str, ctx: Context) -> ScenarioResult:
    """Run one scenario, recording machine, load and duration; a Skip becomes `skipped`."""
    machine = describe()
    result = ScenarioResult(
        scenario=name,
        size=ctx.size.name,
        backend=ctx.backend,
        variant=ctx.variant,
        machine=machine.as_dict(),
        started_at=now_iso(),
        load_before=machine.load_average,
    )
    if ctx.server_env:
        result.details["server_env"] = ctx.server_env
    started = time.perf_counter()
    try:
        SCENARIOS[name].runner()(ctx, result)
    except Skip as reason:
        result.skipped = str(reason)
    result.seconds = round(time.perf_counter() - started, 1)
    result.load_after = load_average()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen scenarios; exit 1 when one of them failed."""
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
        return 2
    names = args.scenarios or list(SCENARIOS)
    results: list[ScenarioResult] = []
    failed = False
    backends = _backends(args.backend)
    for backend in backends:
        ctx = Context(
            SIZES[args.size],
            backend,
            args.out,
            root=args.root,
            es_url=args.es_url,
            server_env=dict(item.split("=", 1) for item in args.server_env),
            variant=args.variant,
        )
        for name in names:
            if SCENARIOS[name].backend_free and backend != backends[0]:
                continue
            print(f"== {name} ({args.size}, {backend})", flush=True)
            try:
                result = run_scenario(name, ctx)
            except Exception:
                traceback.print_exc()
                failed = True
                continue
            path = result.write(args.out)
            results.append(result)
            print(f"   {result.skipped or 'done'} in {result.seconds} s -> {path}", flush=True)
    print()
    print(summary_table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
