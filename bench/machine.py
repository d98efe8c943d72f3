"""The machine a run happens on, and its memory bandwidth measured the way STREAM does."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

# Large enough to defeat every cache level of the CPUs this runs on (L3 up to a few 100 MB).
_COPY_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Machine:
    """CPU, cores, memory and load: what a figure needs next to it to be read fairly."""

    cpu_model: str
    logical_cores: int
    usable_cores: int
    memory_gb: float
    load_average: tuple[float, float, float]
    python: str
    numpy_blas: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _blas() -> str:
    try:
        config = np.show_config(mode="dicts")  # type: ignore[call-arg]
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy prints instead of returning; the name is only informative
        return "unknown"


def describe() -> Machine:
    """The machine now, including the current load average."""
    return Machine(
        cpu_model=_cpu_model(),
        logical_cores=os.cpu_count() or 1,
        usable_cores=len(os.sched_getaffinity(0)),
        memory_gb=_memory_gb(),
        load_average=tuple(round(x, 2) for x in os.getloadavg()),  # type: ignore[arg-type]
        python=platform.python_version(),
        numpy_blas=_blas(),
    )


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages."""
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


class CopyProbe:
    """Copies a large float32 buffer to measure memory bandwidth, reusing its buffers.

    Each copy is timed twice: on the wall clock, and in CPU time of the copying thread. On a
    shared machine the wall-clock rate moves with the load (time slices go to others), while
    the CPU-time rate is what the memory system gives a running core; a single-threaded scan
    timed the same way can be compared with it whatever else runs.
    """

    def __init__(self, n_bytes: int = _COPY_BYTES) -> None:
        self.n_bytes = n_bytes
        self._src = np.ones(n_bytes // 4, dtype=np.float32)
        self._dst = np.zeros(n_bytes // 4, dtype=np.float32)
        np.copyto(self._dst, self._src)  # fault the pages in before timing
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def measure(self) -> None:
        """One copy; GB/s in the STREAM convention (bytes read plus bytes written)."""
        wall, cpu = time.perf_counter(), time.thread_time()
        np.copyto(self._dst, self._src)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        self.wall.append(2 * self.n_bytes / wall / 1e9)
        self.cpu.append(2 * self.n_bytes / max(cpu, 1e-9) / 1e9)

    def summary(self) -> dict[str, float]:
        """Median and best GB/s over the copies so far, by wall clock and by CPU time."""

        def median(values: list[float]) -> float:
            return round(sorted(values)[len(values) // 2], 2)

        return {
            "wall_median_gb_s": median(self.wall),
            "wall_best_gb_s": round(max(self.wall), 2),
            "cpu_median_gb_s": median(self.cpu),
            "copies": len(self.wall),
            "buffer_mb": self.n_bytes // (1024 * 1024),
        }
