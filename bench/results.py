"""Figures, percentiles and the JSON file each scenario run leaves behind."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Better = Literal["lower", "higher"]


@dataclass
class Figure:
    """One measured number, with the target it is judged by and what limits it."""

    name: str
    value: float
    unit: str
    target: float | None = None
    better: Better = "lower"
    limit: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Value divided by target (None without a target)."""
        if self.target is None or self.target == 0:
            return None
        return round(self.value / self.target, 3)

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without a target)."""
        if self.target is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON, with the ratio and verdict spelled out."""
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


@dataclass
class ScenarioResult:
    """What one scenario measured at one size on one backend."""

    scenario: str
    size: str
    backend: str
    # Names a non-default configuration (server threads...); part of the file name.
    variant: str = ""
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None
    # Parts that could not run (an endpoint missing in this version...), said in words.
    notes: list[str] = field(default_factory=list)
    machine: dict[str, Any] = field(default_factory=dict)
    started_at: str = ""
    seconds: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def add(self, figure: Figure) -> Figure:
        """Record a figure and return it."""
        self.figures.append(figure)
        return figure

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        data = asdict(self)
        data["figures"] = [f.as_dict() for f in self.figures]
        return data

    def path(self, out: Path) -> Path:
        """Where this result is written under `out`."""
        suffix = f"-{self.variant}" if self.variant else ""
        return out / f"{self.scenario}-{self.size}-{self.backend}{suffix}.json"

    def write(self, out: Path) -> Path:
        """Write the JSON file and return its path."""
        out.mkdir(parents=True, exist_ok=True)
        path = self.path(out)
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return path


def now_iso() -> str:
    """The current UTC time, second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99, mean and max of latencies, in milliseconds."""
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "p99_ms": round(percentile(seconds, 99) * 1000, 2),
        "mean_ms": round(sum(seconds) / len(seconds) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def summary_table(results: Sequence[ScenarioResult]) -> str:
    """A plain-text table of every figure, one row each, for the terminal."""
    header = ("scenario", "size", "backend", "figure", "value", "unit", "target", "ratio", "met")
    rows: list[tuple[str, ...]] = []
    for result in results:
        backend = f"{result.backend} [{result.variant}]" if result.variant else result.backend
        if result.skipped:
            rows.append((result.scenario, result.size, backend, "skipped", "", "", "", "", ""))
            continue
        for fig in result.figures:
            verdict = {True: "yes", False: "NO", None: ""}[fig.met]
            rows.append(
                (
                    result.scenario,
                    result.size,
                    backend,
                    fig.name,
                    _fmt(fig.value),
                    fig.unit,
                    _fmt(fig.target),
                    _fmt(fig.ratio),
                    verdict,
                )
            )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    skipped = [f"{r.scenario}: {r.skipped}" for r in results if r.skipped]
    skipped += [f"{r.scenario} ({r.backend}): {note}" for r in results for note in r.notes]
    return "\n".join(lines + (["", *skipped] if skipped else []))
