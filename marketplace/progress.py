"""A progress line for long command-line operations: done / all, a bar, rate and time left."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class ProgressBar:
    """Redraws one line on a terminal; elsewhere (logs, CI) prints a line per tenth done.

    The bar starts where the work does: a resumed job's first report says how much was done
    before, and rate and time left count only what this run does after it."""

    def __init__(self, label: str, stream: TextIO | None = None, *, start: int | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        # Done before this run; None takes the first report's count (and restarts the clock).
        self.start = start
        self._last_tenth = -1

    def line(self, done: int, total: int) -> str:
        """The progress line for `done` of `total`."""
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        share = done / total if total else 1.0
        filled = round(share * WIDTH)
        rate = (done - (self.start or 0)) / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        if done >= total:
            eta = "done"
        elif rate <= 0:
            eta = "starting"
        elif left < 60:
            eta = f"{left:.0f} s left"
        else:
            eta = f"{int(left // 60)} min {int(left % 60):02d} s left"
        bar = "#" * filled + "." * (WIDTH - filled)
        return f"{self.label}: [{bar}] {done:,}/{total:,} {share:4.0%} {rate:,.0f}/s  {eta}"

    def __call__(self, done: int, total: int) -> None:
        if self.start is None:
            self.start, self.started = done, time.perf_counter()
        if self.tty:
            self.stream.write("\r" + self.line(done, total))
            if done >= total:
                self.stream.write("\n")
        else:
            tenth = int(10 * done / total) if total else 10
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(self.line(done, total) + "\n")
        self.stream.flush()
