"""`marketplace reindex` in processes of its own: killed half-way (SIGKILL, nothing cleans up),
run again, it resumes from the last batch written; `--restart` starts over.

The kill is deterministic: a killed run is the command with four rows a batch, whose process
SIGKILLs itself as it builds the third batch's documents, so exactly two batches have landed.
The other runs are the command itself (`python -m marketplace.cli`, the console script's entry
point, run from this checkout) with the hashing test encoder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace.config import PROJECT_ROOT
from marketplace.db import make_engine, make_session_factory
from marketplace.migrate import migrate
from search.embedded import EmbeddedBackend
from tests import factories

ROWS = 12
# Runs the command, four rows a batch, and kills the process as it loads the third batch: the
# model encodes a batch ahead, so by then the first batch is written and the second encoded.
KILLED_HALF_WAY = """
import os, signal, sys
from marketplace.cli import main
from marketplace.indexing.service import Indexer
from marketplace.indexing import service

service.BATCH = 4
build, calls = Indexer._load, []

def build_or_die(self, *args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return build(self, *args, **kwargs)

Indexer._load = build_or_die
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def var(tmp_path: Path) -> Path:
    """A SQLite database of its own with twelve public profiles."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    migrate(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        for n in range(ROWS):
            user = factories.jobseeker(db, email=f"komento{n}@example.fi")
            factories.profile(db, user, headline=f"Kirvesmies {n}")
    engine.dispose()
    return tmp_path


def run(var: Path, *args: str, killed: bool = False) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MARKETPLACE_ENVIRONMENT": "test",
        "MARKETPLACE_SECRET_KEY": "cli-test-secret-not-for-production",
        "MARKETPLACE_VAR_DIR": str(var),
        "MARKETPLACE_DATABASE_URL": f"sqlite:///{var / 'cli.db'}",
        "MARKETPLACE_SEARCH_BACKEND": "embedded",
        "MARKETPLACE_EMBEDDING_ENCODER": "hashing",
    }
    start = ["-c", KILLED_HALF_WAY] if killed else ["-m", "marketplace.cli"]
    return subprocess.run(
        [sys.executable, *start, "reindex", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def first_progress(result: subprocess.CompletedProcess[str]) -> str:
    return next(line for line in result.stderr.splitlines() if line.startswith("profiles: ["))


def test_a_killed_reindex_resumes_and_a_restart_starts_over(var: Path) -> None:
    killed = run(var, "profiles", killed=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    search = EmbeddedBackend(var / "search")
    kept = search.unfinished_rebuild("profiles")
    assert kept is not None and kept.last_id is not None
    assert search.count("profiles") == 0  # the old index serves, the partial one does not

    resumed = run(var, "profiles")

    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"resumes after row {kept.last_id} (4 of {ROWS} rows done)" in resumed.stdout
    assert f"profiles: {ROWS} documents" in resumed.stdout
    assert f" 4/{ROWS} " in first_progress(resumed)
    assert search.count("profiles") == ROWS
    assert search.unfinished_rebuild("profiles") is None

    assert run(var, "profiles", killed=True).returncode == -signal.SIGKILL
    restarted = run(var, "profiles", "--restart")

    assert restarted.returncode == 0, restarted.stderr[-2000:]
    assert "is discarded: a restart was asked for" in restarted.stdout
    assert "resumes" not in restarted.stdout
    assert f" 0/{ROWS} " in first_progress(restarted)
    assert search.count("profiles") == ROWS
    assert search.unfinished_rebuild("profiles") is None
    search.close()
