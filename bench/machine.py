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
    """Copies (and reads) a large float32 buffer to measure memory bandwidth.

    Bandwidth is bytes copied per second: the bound of a scan over n bytes is then the time one
    copy of those n bytes takes. A read-only pass (a sum) is timed as well, a stricter bound
    since a scan only reads. Each pass is timed on the wall clock and in CPU time of the calling
    thread: on a shared machine the wall-clock rate moves with the load, while the CPU-time
    rate is what the memory system gives a running core, comparable with a single-threaded
    scan timed the same way whatever else runs.
    """

    def __init__(self, n_bytes: int = _COPY_BYTES) -> None:
        self.n_bytes = n_bytes
        self._src = np.ones(n_bytes // 4, dtype=np.float32)
        self._dst = np.zeros(n_bytes // 4, dtype=np.float32)
        np.copyto(self._dst, self._src)  # fault the pages in before timing
        self.samples: dict[str, list[float]] = {"copy_wall": [], "copy_cpu": [], "read_cpu": []}

    def measure(self) -> None:
        """One copy and one read-only pass, recorded in GB/s."""
        wall, cpu = time.perf_counter(), time.thread_time()
        np.copyto(self._dst, self._src)
        wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
        self.samples["copy_wall"].append(self.n_bytes / wall / 1e9)
        self.samples["copy_cpu"].append(self.n_bytes / max(cpu, 1e-9) / 1e9)
        cpu = time.thread_time()
        self._src.sum()
        cpu = time.thread_time() - cpu
        self.samples["read_cpu"].append(self.n_bytes / max(cpu, 1e-9) / 1e9)

    def summary(self) -> dict[str, float]:
        """Median GB/s of every kind of pass so far."""
        data: dict[str, float] = {
            f"{name}_median_gb_s": round(sorted(values)[len(values) // 2], 2)
            for name, values in self.samples.items()
        }
        data["copies"] = len(self.samples["copy_wall"])
        data["buffer_mb"] = self.n_bytes // (1024 * 1024)
        return data
