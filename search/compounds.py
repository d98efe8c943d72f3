"""Compound words: the heads and the words before them a long word is also indexed under.

Finnish and Swedish write a compound as one word ("sähköasentaja", "varastotyöntekijä"), so a
search for the general word ("asentaja", "työntekijä") or for the field ("varasto") would miss
every compound holding it. A document is therefore also indexed under each listed head its
words end with, in any inflection ("sähköasentajana" ends with "asentaja" once both are
stemmed), with at least `MIN_MODIFIER` letters before it, and under the words between where
those heads begin ("autosähköasentaja": "auto", "sähkö"). Queries are not split:
"sähköasentaja" finds the electricians first, car electricians after them.

The heads (`compound_heads.txt`) are the taxonomy's words that end other words of it, written
by `python -m marketplace.taxonomy.compounds`; a test fails when the list is out of date."""

from __future__ import annotations

from pathlib import Path

HEADS_FILE = Path(__file__).with_name("compound_heads.txt")
HEADS: tuple[str, ...] = tuple(HEADS_FILE.read_text(encoding="utf-8").split())
# Shorter words are not listed as heads.
MIN_HEAD = 5
# Letters a compound keeps before its head: fewer would take prefixes for compounds.
MIN_MODIFIER = 3
