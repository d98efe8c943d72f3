"""Municipalities a search query names, in the inflected forms people type.

"sairaanhoitajaksi Tampereelle" names Tampere: the query's words and the municipalities' Finnish
and Swedish names are Snowball-stemmed alike ("tampereelle" and "tampere" both become
"tamper"). Consonant gradation changes a stem's end ("Helsinki" -> "helsingissä"), so a word
whose stem differs from a name's stem only in its last letter matches too; the few large towns
whose locative cuts deeper ("Turku" -> "Turussa") are listed.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import stem_terms

# Stems of inflected forms that the rules above cannot reach, by municipality code.
IRREGULAR_STEMS: dict[str, tuple[str, ...]] = {
    "853": ("turu",),  # Turku: Turussa, Turusta
    "609": ("por",),  # Pori: Porissa, Porista
    "398": ("lahd",),  # Lahti: Lahdessa, Lahdesta
}
# Names shorter than this as stems match exactly only: "Ii" or "Salo" are also common words.
GRADATION_MIN_STEM = 5


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, frozenset[str]]:
    """Stem of a one-word municipality name -> the codes of the municipalities named so."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for term in get_taxonomy().all(ConceptKind.MUNICIPALITY):
        for lang in ("fi", "sv"):
            name_stems = stem_terms(term.labels.get(lang, ""))
            if len(name_stems) == 1:
                index[name_stems[0]].add(term.code)
    for code, irregular in IRREGULAR_STEMS.items():
        for stem in irregular:
            index[stem].add(code)
    return {stem: frozenset(codes) for stem, codes in index.items()}


def _matches(stem: str, index: dict[str, frozenset[str]]) -> frozenset[str]:
    exact = index.get(stem)
    if exact:
        return exact
    # Gradation: the word's stem and the name's share all but the name's last letter.
    if len(stem) >= GRADATION_MIN_STEM:
        for name_stem in (stem[:-1], stem[:-1] + "k", stem[:-1] + "t", stem[:-1] + "p"):
            found = index.get(name_stem)
            if found and len(name_stem) >= GRADATION_MIN_STEM:
                return found
    return frozenset()


def places_named(text: str) -> list[str]:
    """Codes of the municipalities the text names, in the order it names them."""
    index = _stem_index()
    codes: dict[str, None] = {}
    for stem in stem_terms(text):
        for code in sorted(_matches(stem, index)):
            codes[code] = None
    return list(codes)
