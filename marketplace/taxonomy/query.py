"""What a typed search query asks for, worked out once per request and passed down.

"sairaanhoitajaksi Tampereelle" asks for an occupation (Sairaanhoitaja) in a place (Tampere).
`analyse` finds the skills and occupations a query names in any inflected form or language, the
municipalities it names, and the words left over; search, explanations and page links all read
the same `AnalysedQuery`, so nothing analyses the text twice and nothing rewrites a request in
place.

How each part is used:

- Places named are not words to find ("Tampere" in a profile is no evidence that its holder is
  a nurse): with other words they rank the documents in the place first, alone they filter
  (as if picked from the municipality filter).
- The full-text query is the remaining words plus the basic-form Finnish labels of the
  concepts named, since most documents carry those labels.
- The vector text puts each named concept in its basic form (the label as typed, plus its
  Finnish label when that differs) in place of the words that named it, and keeps every other
  word: the packaged model is English-trained and reads neither Finnish inflection nor a
  translation, but it reads the words nobody put in the taxonomy ("Spring", "Hibernate").
- A query with no searchable word, concept or place ("%%%", "ja tai") finds nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from pydantic import BaseModel, Field

from marketplace.taxonomy.places import places_named
from marketplace.taxonomy.sectors import READ_LANGUAGES as SECTOR_LANGUAGES
from marketplace.taxonomy.sectors import Sector, sectors, sectors_named
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.suggest import ConceptSuggestion, concepts_named
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.taxonomy.work_terms import terms_named
from matching.analysis import fold, stem_word, tokenize
from matching.suggest import gradation_stems, label_forms, word_forms
from search.base import SearchRequest
from search.text import QUERY_ONLY_STOP_WORDS, finnish_forms, word_variants
from search.text import words as text_words


@dataclass(frozen=True)
class AnalysedQuery:
    """A typed query taken apart: the concepts, places and free words it holds."""

    typed: str
    concepts: tuple[ConceptSuggestion, ...] = ()
    places: tuple[str, ...] = ()
    # Searchable words (stop words dropped) that name no place, in typed order.
    words: tuple[str, ...] = ()
    # The words that named a concept; the vector text replaces them with the concept's label.
    concept_words: frozenset[str] = frozenset()
    # (typed, read as) for each word taken as a typing error of a close word (`typing_errors`).
    corrections: tuple[tuple[str, str], ...] = ()
    # Sectors named ("rakennusala"), each read as the occupations it holds, and the words that
    # named them (also in `concept_words`).
    sectors: tuple[Sector, ...] = ()
    sector_words: frozenset[str] = frozenset()
    # Terms of work named ("kesätyö", "osa-aikatyö"): field -> the values asked for, the
    # words that named them and the terms' names, which the text search looks for.
    work_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    work_words: frozenset[str] = frozenset()
    work_names: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        """Nothing was typed: a filter-only listing."""
        return not self.typed.strip()

    @property
    def searchable(self) -> bool:
        """Something in the query can be evidence: a word, a concept or a place."""
        return bool(self.words or self.concepts or self.places)

    @property
    def has_text(self) -> bool:
        """Words or concepts to rank by (places alone only filter)."""
        return bool(self.words or self.concepts)

    @cached_property
    def _sector_labels(self) -> list[str]:
        """The Finnish labels of the occupations of the sectors named: what a sector asks for."""
        taxonomy = get_taxonomy()
        return [
            term.labels["fi"]
            for sector in self.sectors
            for code in sector.occupations
            if (term := taxonomy.get(ConceptKind.OCCUPATION, code)) is not None
        ]

    def codes(self, kind: str) -> list[str]:
        """Codes of the named concepts of one kind ("skill", "occupation")."""
        return [c.code for c in self.concepts if c.kind == kind]

    @cached_property
    def search_text(self) -> str:
        """Full-text query: the words that name no place, the other number of the English
        ones and the agent nouns and plurals of the Finnish ones (`search.text.word_variants`), the
        concepts' Finnish labels and the occupations of the sectors named."""
        numbers = [form for word in self.words for form in self._numbers(word)]
        return " ".join(dict.fromkeys([*self.words, *numbers, *self._labels]))

    @cached_property
    def _labels(self) -> list[str]:
        """The Finnish labels of the concepts named, the stems their inflected forms take
        that the stemmer does not reach from them ("haavanhoidossa": `gradation_stems`), and
        the labels of the occupations of the sectors named, and the names of the terms of work
        named."""
        labels = [c.labels["fi"] for c in self.concepts]
        stems = [stem for label in labels for stem in gradation_stems(label)]
        return [*labels, *stems, *self._sector_labels, *self.work_names]

    def _numbers(self, word: str) -> list[str]:
        """`word_variants` of a word, without `english_numbers` when it named a concept by its
        Finnish label: a word that named "Welder" is English ("welders" finds English texts),
        one that named "Sairaanhoitaja" is not."""
        if word in self.work_words:
            return []  # the term's names are searched instead ("osa-aikatyö")
        if word in self.sector_words or (
            word in self.concept_words and word in self._finnish_named_words
        ):
            return finnish_forms(word)
        return word_variants(word)

    @cached_property
    def _finnish_named_words(self) -> frozenset[str]:
        return _concept_words(self.words, [c for c in self.concepts if _named_in_finnish(c)])

    @cached_property
    def named_text(self) -> str | None:
        """The words of `search_text` that name what the query asks for: those that named a
        concept and the concepts' Finnish labels (None when it names none). The query's
        other words are evidence only when they are rarer than these ("Common words" in
        `search.base`): "talousjohtaja työtä" asks for finance directors, not for every
        posting that says "työtä"."""
        if not (self.concepts or self.sectors or self.work_names):
            return None
        named = [w for w in self.words if w in self.concept_words or w in self.work_words]
        numbers = [form for word in named for form in self._numbers(word)]
        return " ".join(dict.fromkeys([*named, *numbers, *self._labels]))

    @cached_property
    def embed_text(self) -> str:
        """Vector query: each concept in basic form, then the words that named none.

        The vector side keeps the language the query was typed in: a concept named in English
        stays English (English documents are reached by meaning, Finnish ones by the Finnish
        label the full-text query carries), one named in Finnish or Swedish is embedded with
        its Finnish label, the form most documents hold."""
        return self.embed_text_without(frozenset())

    def embed_text_without(self, common: frozenset[str]) -> str:
        """`embed_text` leaving out the words common in the index searched
        (`SearchBackend.common_words`): "kielen" in "henkilöstöpäällikkö kielen" would pull the
        vector towards every posting asking for language skills. A query of nothing else keeps
        them."""
        parts: list[str] = [sector.labels["fi"] for sector in self.sectors]
        for concept in self.concepts:
            parts.append(concept.matched_label or concept.labels["fi"])
            if not _named_in_english(concept):
                parts.append(concept.labels["fi"])
        free = [w for w in self.words if w not in self.concept_words]
        kept = [w for w in free if w not in common]
        parts += kept if kept or parts else free
        distinct = {fold(p): p for p in reversed(parts) if p}  # the first spelling wins
        return " ".join(reversed(distinct.values()))

    @property
    def prefer(self) -> dict[str, list[str]]:
        """Ranking preferences: the occupations and skills named, the terms of work named
        (`work_terms`), and the places named when there is something else to rank by."""
        prefer: dict[str, list[str]] = {}
        for concept in self.concepts:
            prefer.setdefault(concept.kind, []).append(concept.code)
        for sector in self.sectors:
            prefer.setdefault(ConceptKind.OCCUPATION, []).extend(sector.occupations)
        if ConceptKind.OCCUPATION in prefer:
            prefer[ConceptKind.OCCUPATION] = list(dict.fromkeys(prefer[ConceptKind.OCCUPATION]))
        if self.places and self.has_text:
            prefer["municipality"] = list(self.places)
        for field, values in self.work_terms:
            prefer[field] = list(values)
        return prefer


def _named_by(concept: ConceptSuggestion, lang: str) -> bool:
    """Whether the label that named the concept is one of its labels in `lang` (True for a
    concept named by no label or unknown to the taxonomy, when `lang` is Finnish)."""
    term = get_taxonomy().get(concept.kind, concept.code)
    if term is None or not concept.matched_label:
        return lang == "fi"
    named = fold(concept.matched_label)
    return any(
        fold(label) == named for label in [term.labels.get(lang, ""), *term.alt.get(lang, ())]
    )


def _named_in_english(concept: ConceptSuggestion) -> bool:
    """Whether the label that named the concept is English. A label spelt alike in Finnish
    ("Python", "DevOps") is no sign of English."""
    return _named_by(concept, "en") and not _named_by(concept, "fi")


def _named_in_finnish(concept: ConceptSuggestion) -> bool:
    """Whether the label that named the concept is one of its Finnish labels."""
    return _named_by(concept, "fi")


def _place_words(words: Sequence[str], places: Sequence[str]) -> set[str]:
    return {word for word in words if places and places_named(word)}


def _concept_words(words: Sequence[str], concepts: Sequence[ConceptSuggestion]) -> frozenset[str]:
    forms: set[str] = set()
    for concept in concepts:
        if concept.matched_label:
            forms |= label_forms(concept.matched_label)
    return frozenset(w for w in words if not word_forms(w).isdisjoint(forms))


def analyse(text: str | None, corrections: Mapping[str, str] | None = None) -> AnalysedQuery:
    """Take a typed query apart; call once per request and pass the result down. Words in
    `corrections` (as read after `with_letters`) are read as the word they map to."""
    typed = (text or "").strip()
    if not typed:
        return AnalysedQuery(typed="")
    # Swedish and English function words are read as part of labels ("Transport of
    # dangerous goods") but searched for by no one (`QUERY_ONLY_STOP_WORDS`).
    read = [field_of(with_letters(token)) for token in dict.fromkeys(text_words(typed))]
    fixed = {word: corrections[word] for word in read if corrections and word in corrections}
    tokens = list(dict.fromkeys(fixed.get(word, word) for word in read))
    places = tuple(places_named(" ".join(tokens)))
    place_words = _place_words(tokens, places)
    named = [w for w in tokens if w not in place_words]
    # A place name is not also a concept ("Kokkola" names no cook).
    concepts = tuple(concepts_named(" ".join(named))) if named else ()
    words = tuple(w for w in named if w not in QUERY_ONLY_STOP_WORDS)
    concept_words = _concept_words(words, concepts)
    # A sector beside a concept only says where the job is ("rakennusalan työnjohtaja"): the
    # concept is what is asked for, and the sector's occupations would drown it.
    sectors, sector_words = _sectors(words) if not concepts else ((), frozenset())
    terms = terms_named(words)
    return AnalysedQuery(
        typed=typed,
        concepts=concepts,
        places=places,
        words=words,
        concept_words=concept_words | sector_words,
        corrections=tuple(fixed.items()),
        sectors=sectors,
        sector_words=sector_words,
        work_terms=tuple((field, tuple(values)) for field, values in terms.prefer.items()),
        work_words=terms.words,
        work_names=terms.names,
    )


# Spoken words for work that end a word naming the field of it ("raksahommat", "siivousduuni"):
# no posting writes them, and the field is what the query asks for.
SPOKEN_WORK = ("hommat", "hommia", "hommaa", "homma", "duunit", "duunia", "duuni")
MIN_FIELD = 4


def field_of(word: str) -> str:
    """A query word without a spoken word for work at its end ("raksahommat" -> "raksa");
    other words as they are."""
    for ending in SPOKEN_WORK:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_FIELD:
            return word[: -len(ending)]
    return word


def _sectors(words: Sequence[str]) -> tuple[tuple[Sector, ...], frozenset[str]]:
    """The sectors the words name and the words that named them."""
    found: list[Sector] = []
    named: set[str] = set()
    for sector, label in sectors_named(" ".join(words)) if words else ():
        found.append(sector)
        named |= {w for w in words if not word_forms(w).isdisjoint(label_forms(label))}
    return tuple(found), frozenset(named)


def restrict(req: SearchRequest, query: AnalysedQuery, place_field: str) -> SearchRequest:
    """The request with the query's text and preferences, filtered by the places it names when
    they are all it names (a new request)."""
    terms = dict(req.terms)
    if query.places and not query.has_text:
        asked = terms.get(place_field) or []
        # Places typed and places picked narrow alike: any of them, as in the filter.
        terms[place_field] = list(dict.fromkeys([*asked, *query.places]))
    return replace(
        req,
        text=query.search_text or None,
        named_text=query.named_text,
        terms=terms,
        prefer={**query.prefer, **req.prefer},
    )


# --- what the pages and APIs tell about a query ----------------------------------------------

SPELLING_CUTOFF = 0.8  # difflib ratio: one wrong or missing letter in a word of ten
SPELLING_MAX = 5
POPULAR_MAX = 6


class RecognisedConcept(BaseModel):
    """A skill, occupation or sector the query was read to name."""

    code: str
    kind: str
    label: str


class Correction(BaseModel):
    """A typed word no document held, read as the known word it misspells."""

    typed: str
    read: str


class QueryReading(BaseModel):
    """How the service read a query, so a person can see why it found what it found (or
    nothing): the concepts and places recognised, and when nothing matched, nearby taxonomy
    words and the occupations most often found."""

    searchable: bool = Field(description="The query holds a word, concept or place to look for")
    concepts: list[RecognisedConcept] = Field(default_factory=list)
    sectors: list[RecognisedConcept] = Field(
        default_factory=list, description="Sectors named, each searched as its occupations"
    )
    places: list[str] = Field(default_factory=list, description="Municipality codes named")
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Words no document held, searched as the known word they misspell",
    )
    did_you_mean: list[str] = Field(
        default_factory=list, description="Taxonomy words close to the query's unknown words"
    )
    popular_occupations: list[str] = Field(
        default_factory=list, description="Occupation codes most often found, when none matched"
    )
    common_words: list[str] = Field(
        default_factory=list,
        description="Words of the query so common in the documents searched that, beside its "
        "other words, they only order the results",
    )


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    """Distinct folded words of every skill, occupation and sector label, for spelling
    suggestions."""
    labels = [
        label
        for term in (
            *get_taxonomy().all(ConceptKind.SKILL),
            *get_taxonomy().all(ConceptKind.OCCUPATION),
        )
        for label in [*term.labels.values(), *(a for alt in term.alt.values() for a in alt)]
    ]
    labels += [
        label
        for sector in sectors().values()
        for lang in SECTOR_LANGUAGES
        for label in [sector.labels[lang], *sector.alt.get(lang, [])]
    ]
    # Hyphenated words apart, as the query's words are ("nuoriso-ohjaaja").
    words = {
        part
        for label in labels
        for w in tokenize(fold(label))
        for part in w.split("-")
        if len(part) > 3
    }
    return tuple(sorted(words))


_WITHOUT_LETTERS = str.maketrans("äöå", "aoa")
# A Finnish ending after front vowels takes them too ("järvenpää-ssä").
_FRONT_ENDING = str.maketrans("aou", "äöy")


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Folded words of every skill and occupation label and of every municipality name."""
    names = {
        word
        for term in get_taxonomy().all(ConceptKind.MUNICIPALITY)
        for label in term.labels.values()
        for word in tokenize(fold(label))
    }
    return frozenset(_vocabulary()) | names


def _restorations(forms: Iterable[str]) -> dict[str, str]:
    """Plain spelling -> form, for the forms with ä, ö or å whose plain spelling is no other
    known form and stands for no other."""
    known = set(forms)
    spelt: dict[str, set[str]] = {}
    for form in known:
        plain = form.translate(_WITHOUT_LETTERS)
        if plain != form:
            spelt.setdefault(plain, set()).add(form)
    return {
        plain: next(iter(found))
        for plain, found in spelt.items()
        if len(found) == 1 and plain not in known
    }


@lru_cache(maxsize=1)
def _words_restored() -> dict[str, str]:
    return _restorations(known_words())


@lru_cache(maxsize=1)
def _stems_restored() -> dict[str, str]:
    return _restorations(stem_word(word) for word in known_words())


def with_letters(word: str) -> str:
    """A lower-case query word as the taxonomy writes it when it was typed without ä, ö or å:
    a known word ("lahihoitaja" -> "lähihoitaja", "hameenlinna" -> "hämeenlinna") or a word
    that stems like a known word's Finnish stem written with them ("lahihoitajaksi" ->
    "lähihoitajaksi", "jarvenpaan" stems as "järvenpään"): search and the concept and place
    readers compare stems. Other words, and words with any letter beyond ASCII, stay as
    typed: nothing is guessed."""
    if not word.isascii():
        return word
    known = _words_restored().get(word)
    if known is not None:
        return known
    stem = stem_word(word)
    restored = _stems_restored().get(stem)
    if restored is None:
        return word
    return _with_ending(word, stem, restored) or word


def _with_ending(word: str, stem: str, other: str) -> str | None:
    """`word` (whose stem is `stem`) with the stem `other` in place of its own, or None."""
    return _with_stem(other, word[len(stem) :]) if word.startswith(stem) else None


def _with_stem(stem: str, ending: str) -> str | None:
    """`stem` followed by `ending` as typed, or in front vowels ("järvenpää-ssä"): the one
    whose word stems back to `stem` (a stem may have lost the vowel that decides,
    "hämeenlinn-assa"); None when neither does."""
    for form in (stem + ending, stem + ending.translate(_FRONT_ENDING)):
        if stem_word(form) == stem:
            return form
    return None


# Typing errors: words this short are too often another word one letter away.
MIN_CORRECTED_LENGTH = 5
# The longest inflectional ending read after a misspelt stem ("-issaan").
MAX_ENDING = 6


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _deletion_index(forms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each form, and its spelling without ä, ö and å, under itself and under every string one
    deleted letter away: two strings one typing error apart share a key (a symmetric-deletion
    index), also when the word was typed without the letters. Tuples: most keys hold one
    form, and ~90k sets would take 30 MB."""
    index: dict[str, list[str]] = {}
    for form in sorted(forms):
        plain = form.translate(_WITHOUT_LETTERS)
        for key in {form, plain, *_deletions(form), *_deletions(plain)}:
            index.setdefault(key, []).append(form)
    return {key: tuple(found) for key, found in index.items()}


@lru_cache(maxsize=1)
def _word_index() -> dict[str, tuple[str, ...]]:
    return _deletion_index(known_words())


@lru_cache(maxsize=1)
def _known_stems() -> frozenset[str]:
    return frozenset(stem_word(word) for word in known_words())


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, tuple[str, ...]]:
    return _deletion_index(_known_stems())


def _one_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter left out, added, replaced, or swapped with the next."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) > len(b):
        return a[i + 1 :] == b[i:]
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
    return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])


def _close(word: str, index: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The indexed forms one typing error away from `word`, as written or, for a word typed
    without ä, ö and å, spelt so ("lahihotaja" -> "lähihoitaja")."""
    found: set[str] = set()
    for key in (word, *_deletions(word)):
        found.update(index.get(key, ()))
    plain = word.isascii()
    return {
        form
        for form in found
        if _one_apart(word, form) or (plain and _one_apart(word, form.translate(_WITHOUT_LETTERS)))
    }


def close_words(word: str) -> tuple[str, ...]:
    """The words one typing error away from a query word that is no known word and stems
    like none: known words ("sairaanhoitja" -> "sairaanhoitaja") and known stems followed by
    the word's own ending ("sairaanhoitjaksi" -> "sairaanhoitajaksi", also where the stemmer
    cuts the misspelt word elsewhere); () for a known word, a short one, or one with digits or
    a hyphen (query words come split at hyphens)."""
    if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha() or word in known_words():
        return ()
    if stem_word(word) in _known_stems():
        return ()
    found = _close(word, _word_index())
    for cut in range(1, min(MAX_ENDING, len(word) - MIN_CORRECTED_LENGTH + 1) + 1):
        prefix, ending = word[: len(word) - cut], word[len(word) - cut :]
        for other in _close(prefix, _stem_index()):
            form = _with_stem(other, ending)
            if form is not None:
                found.add(form)
    # Forms of one stem search alike: the shortest stands for them ("pakkaaajaksi" is
    # "pakkaajaksi", not also "pakkaajjaksi").
    by_stem: dict[str, str] = {}
    for form in sorted(found, key=lambda f: (len(f), f)):
        by_stem.setdefault(stem_word(form), form)
    return tuple(sorted(by_stem.values()))


def prepare_reading() -> None:
    """Build the word lists reading a query uses (~0.5 s), so the first query does not wait."""
    _words_restored()
    _stems_restored()
    _word_index()
    _stem_index()


def typing_errors(query: AnalysedQuery) -> dict[str, tuple[str, ...]]:
    """The query's words that name no concept and have `close_words`, with those words: what
    the index searched must settle (`corrections`)."""
    guesses = {word: close_words(word) for word in query.words if word not in query.concept_words}
    return {word: close for word, close in guesses.items() if close}


def corrections(guesses: Mapping[str, Sequence[str]], holding: Mapping[str, int]) -> dict[str, str]:
    """Typed word -> the close word to read instead, for the words of `typing_errors` that no
    document holds: the only close word, else the one with the longest stem (the most of the
    typed word read as the known word, not as an ending: "kirjanpitjäksi" is "kirjanpitäjäksi"
    rather than "kirjanpito" + "jäksi"), then the one more documents hold; none on a tie.
    `holding` counts the documents holding each typed and close word."""
    chosen: dict[str, str] = {}
    for word, close in guesses.items():
        if holding.get(word, 0) or not close:
            continue
        ranked = sorted(((len(stem_word(c)), holding.get(c, 0), c) for c in close), reverse=True)
        if len(ranked) == 1 or ranked[1][:2] < ranked[0][:2]:
            chosen[word] = ranked[0][2]
    return chosen


def corrected(text: str | None, fixes: Mapping[str, str]) -> AnalysedQuery:
    """`analyse(text, fixes)` keeping only the fixes whose word names a concept or a place:
    "lähihoitajan paikka" stays as typed in an index whose postings never say "paikka",
    though "palkka" is one letter away; a typing error is read as what the taxonomy knows."""
    read = analyse(text, fixes)
    kept = {
        typed: word
        for typed, word in fixes.items()
        if word in read.concept_words or word not in read.words
    }
    return read if kept == fixes else analyse(text, kept)


def spelling_suggestions(query: AnalysedQuery) -> list[str]:
    """Taxonomy words close to the words that named no concept ("sairaanhoitja")."""
    vocabulary = _vocabulary()
    found: dict[str, None] = {}
    for word in query.words:
        if word in query.concept_words:
            continue
        for close in difflib.get_close_matches(fold(word), vocabulary, 3, SPELLING_CUTOFF):
            if close != fold(word):
                found[close] = None
    return list(found)[:SPELLING_MAX]


def reading(
    query: AnalysedQuery,
    lang: str,
    found: int,
    popular: Sequence[str] = (),
    common: Collection[str] = (),
) -> QueryReading:
    """What to tell about the query: suggestions when nothing was `found`, otherwise the words
    of it in `common`, which only ordered the results (`SearchBackend.common_words`)."""
    return QueryReading(
        searchable=query.searchable or query.blank,
        concepts=[
            RecognisedConcept(code=c.code, kind=c.kind, label=c.labels.get(lang) or c.labels["fi"])
            for c in query.concepts
        ],
        sectors=[
            RecognisedConcept(
                code=s.code, kind="sector", label=s.labels.get(lang) or s.labels["fi"]
            )
            for s in query.sectors
        ],
        places=list(query.places),
        corrections=[Correction(typed=typed, read=read) for typed, read in query.corrections],
        did_you_mean=spelling_suggestions(query) if found == 0 else [],
        popular_occupations=list(popular)[:POPULAR_MAX] if found == 0 else [],
        common_words=[word for word in query.words if word in common] if found else [],
    )
