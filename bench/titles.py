"""How many job titles, typed as postings and profiles write them, name an occupation.

    python -m bench.titles [--list]

A coverage check of reading titles, not a relevance figure: `bench/data/job_titles.txt` holds
job titles in the forms Finnish postings use (compounds, alternative names, a place or a
contract added, a few in Swedish and English), one per line. Each is read as a typed query is
(`marketplace.taxonomy.query.analyse`), which is also how a posting or profile without codes
gets its occupation. The share that names an occupation is printed; `--list` prints what each
title was read as. Titles naming no occupation are not all misses: "Asiantuntija" or
"Kesätyöntekijä" name no trade.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from marketplace.taxonomy.query import analyse

TITLES = Path(__file__).resolve().parent / "data" / "job_titles.txt"


def read_titles(path: Path = TITLES) -> list[str]:
    """The titles of the list, blank lines left out."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def occupations_named(title: str) -> list[str]:
    """The Finnish labels of the occupations a title names."""
    return [c.labels["fi"] for c in analyse(title).concepts if c.kind == "occupation"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="print what each title names")
    args = parser.parse_args(argv)
    titles = read_titles()
    named = {title: occupations_named(title) for title in titles}
    if args.list:
        for title, labels in named.items():
            print(f"{title}: {', '.join(labels) or '-'}")
    found = sum(bool(labels) for labels in named.values())
    print(f"{found} of {len(titles)} titles name an occupation ({found / len(titles):.1%})")


if __name__ == "__main__":
    main()
