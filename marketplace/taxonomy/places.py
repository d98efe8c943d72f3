"""Municipalities a search query names, in the inflected forms people type.

"sairaanhoitajaksi Tampereelle" names Tampere: the query's words and the municipalities' Finnish
and Swedish names are Snowball-stemmed alike ("tampereelle" and "tampere" both become
"tamper"). Consonant gradation changes a stem's end ("Helsinki" -> "helsingissä"), so a word
whose stem differs from a name's stem only in its last letter matches too; the few large towns
whose locative cuts deeper ("Turku" -> "Turussa") are listed.

Stemming cuts some names short ("Forssa" -> "for", "Hanko" -> "han"), and a stem that short is
an everyday word in some language ("director for sales" does not name Forssa). Such names
match only as written or with a regular case ending ("Forssan", "Forssassa", "Hankoon"), and
any stem match needs the word to begin with the name's stem as typed.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.analysis import stem_word, tokenize

# Stems of inflected forms that the rules above cannot reach, by municipality code.
IRREGULAR_STEMS: dict[str, tuple[str, ...]] = {
    "853": ("turu",),  # Turku: Turussa, Turusta
    "609": ("por",),  # Pori: Porissa, Porista
    "398": ("lahd",),  # Lahti: Lahdessa, Lahdesta
}
# Names shorter than this as stems match exactly only: "Ii" or "Salo" are also common words.
GRADATION_MIN_STEM = 5
# A name whose stem is shorter than this is matched by its written forms only.
STEM_MIN = 4
# Regular Finnish case endings after a name (back-vowel forms; front-vowel names use ä, ö, y).
CASE_ENDINGS = ("n", "ssa", "sta", "lla", "lta", "lle", "ksi", "na", "han", "seen")


def _one_word_names() -> list[tuple[str, str, str]]:
    """(code, language, lower-case name) of every municipality name that is one word."""
    names = []
    for term in get_taxonomy().all(ConceptKind.MUNICIPALITY):
        for lang in ("fi", "sv"):
            words = tokenize(term.labels.get(lang, ""))
            if len(words) == 1:
                names.append((term.code, lang, words[0]))
    return names


def _written_forms(name: str, lang: str) -> set[str]:
    """The name and its regular inflections: Finnish case endings in the name's vowel harmony
    (the illative also as the last vowel doubled), the Swedish genitive."""
    if lang == "sv":
        return {name, name + "s"}
    back = any(vowel in name for vowel in "aou")
    harmony = str.maketrans("aou", "äöy")
    endings = [e if back else e.translate(harmony) for e in CASE_ENDINGS]
    forms = {name, *(name + e for e in endings)}
    if name[-1] in "aeiouyäö":
        forms.add(name + name[-1] + "n")
    return forms


@lru_cache(maxsize=1)
def _form_index() -> dict[str, frozenset[str]]:
    """Written form of a one-word municipality name -> the codes of the municipalities."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for code, lang, name in _one_word_names():
        for form in _written_forms(name, lang):
            index[form].add(code)
    return {form: frozenset(codes) for form, codes in index.items()}


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, frozenset[str]]:
    """Stem of a one-word municipality name -> the codes of the municipalities named so
    (names whose stem is shorter than `STEM_MIN` are left to their written forms)."""
    index: defaultdict[str, set[str]] = defaultdict(set)
    for code, _, name in _one_word_names():
        stem = stem_word(name)
        if len(stem) >= STEM_MIN:
            index[stem].add(code)
    for code, irregular in IRREGULAR_STEMS.items():
        for stem in irregular:
            index[stem].add(code)
    return {stem: frozenset(codes) for stem, codes in index.items()}


def _matches(word: str, index: dict[str, frozenset[str]]) -> frozenset[str]:
    written = _form_index().get(word)
    if written:
        return written
    stem = stem_word(word)
    exact = index.get(stem)
    if exact and word.startswith(stem):
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
    for word in tokenize(text):
        for code in sorted(_matches(word, index)):
            codes[code] = None
    return list(codes)
