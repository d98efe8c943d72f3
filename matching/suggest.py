"""Skill and occupation suggestions from free text, and concept suggestions while typing.

The person's text is compared with the labels and descriptions of taxonomy concepts: labels whose
every word stem occurs in the text match outright, embeddings find concepts described in other
words, and found occupations bring their related skills (and found skills their occupations)
with a lower score. The person decides what to keep.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np

from matching.analysis import fold, stem_terms, stem_word, tokenize
from matching.embeddings import Encoder

ConceptKind = Literal["skill", "occupation", "sector"]
Reason = Literal["label_match", "similar", "related"]

LABEL_MATCH_SCORE = 1.0  # every stem of a label occurs in the text
LABEL_SIMILARITY_BONUS = 0.1  # orders label matches by how close the whole concept is
RELATED_FACTOR = 0.5  # a related concept scores this share of the concept that found it
DEFAULT_MIN_SIMILARITY = 0.45  # cosine below this is noise for the packaged model
# The packaged model is English-trained: on Finnish text every concept gets a cosine of about
# 0.3-0.6 through shared word pieces, so a concept must also stand out from the others for
# this text, by this many standard deviations above their mean.
DEFAULT_MIN_Z = 3.0
MAX_TEXT_CHUNKS = 32  # sentences of the text compared with concepts, the first ones
# A compound read as a kind of its head: the head's label has at least MIN_HEAD letters and the
# word at least MIN_MODIFIER more before it ("pizza" + "kokki").
MIN_HEAD = 5
MIN_MODIFIER = 3
# Compounds are read in Finnish; the Swedish stemmer cuts words too short to tell a head
# ("ritare" -> "rit") from the end of an unrelated word ("avgiftsfritt").
COMPOUNDING_LANGUAGE = "fi"

# Languages whose labels are stemmed with their own stemmer; others use the Finnish one.
STEM_LANGUAGES = ("fi", "sv", "en")

_CHUNK_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class Concept:
    """A taxonomy skill or occupation with labels per language and related concepts."""

    code: str
    kind: ConceptKind
    labels: Mapping[str, str]  # lang -> preferred label
    alt: Mapping[str, Sequence[str]] = field(default_factory=dict)  # lang -> alternative labels
    related: tuple[str, ...] = ()
    descriptions: Mapping[str, str] = field(default_factory=dict)  # lang -> description
    # The class of closely related concepts (an occupation's ISCO minor group); a concept with
    # one lends its one-word labels as compound heads (`ConceptIndex._compound_heads`).
    group: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A suggested concept; `matched_label` is the label that matched, when one did."""

    code: str
    kind: ConceptKind
    label_by_lang: Mapping[str, str]
    score: float
    reason: Reason
    matched_label: str | None = None


@dataclass(frozen=True)
class _StemmedLabel:
    concept: int
    lang: str
    label: str
    # One set of accepted forms per word of the label; every word must occur in the text.
    words: tuple[frozenset[str], ...]

    def found_in(self, stems: frozenset[str]) -> bool:
        return all(not forms.isdisjoint(stems) for forms in self.words)

    def used(self, stems: frozenset[str]) -> frozenset[str]:
        """The stems of the text that this label's words matched."""
        return frozenset(stem for forms in self.words for stem in forms & stems)


# The Snowball Finnish stemmer leaves consonant gradation and stem changes alone, so a label in
# the basic form ("ensiapu", "kirjanpito", "suonensisäinen lääkitys") would miss its inflected
# forms ("ensiavun", "kirjanpidon", "suonensisäisen lääkityksen"). A label stem also accepts the
# forms these rewrites give, each applied once near the end of the stem where they occur:
# consonant gradation, strong grade first ("hoito" -> "hoidon"; the longer pairs first, so that
# "kk" is not read as "k"), and the other way round.
_GRADATION: tuple[tuple[str, str], ...] = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("p", "v"),
    ("t", "d"),
    ("k", ""),
)
_FINNISH_STEM_REWRITES: tuple[tuple[str, str], ...] = (
    *_GRADATION,
    ("d", "t"),  # weak grade in the label, strong in the text
    ("v", "p"),
)
_REWRITE_WINDOW = 4  # gradation happens in the last syllable of the stem
_MIN_REWRITE_LENGTH = 5  # short stems would turn into other words


def _finnish_forms(stem: str) -> frozenset[str]:
    forms = {stem}
    if len(stem) < _MIN_REWRITE_LENGTH:
        return frozenset(forms)
    tail_start = max(0, len(stem) - _REWRITE_WINDOW)
    for strong, weak in _FINNISH_STEM_REWRITES:
        at = stem.rfind(strong, tail_start)
        if at > 0:  # never rewrite the first letter
            forms.add(stem[:at] + weak + stem[at + len(strong) :])
    if stem.endswith("in"):  # -inen words: "suonensisäinen" -> "suonensisäisen"
        forms.add(stem[:-1] + "s")
    if stem[-1] == "s" and stem[-2] in "aeiouyäö":  # "lääkitys" -> "lääkityksen"
        forms.add(stem[:-1] + "ks")
    return frozenset(forms)


def _words_apart(text: str) -> str:
    """Folded text with hyphenated words taken apart: searches split "Web-kehittäjä" into
    "web" and "kehittäjä", so labels and texts are compared word by word alike."""
    return fold(text).replace("-", " ")


_VOWELS = frozenset("aeiouyäö")


def _genitive(word: str) -> str | None:
    """A Finnish word's genitive where its stem changes by more than an ending: gradation
    ("haavanhoito" -> "haavanhoidon"), -s words ("hitsaus" -> "hitsauksen") and -nen words
    ("suonensisäinen" -> "suonensisäisen")."""
    if word.endswith("nen"):
        return word[:-3] + "sen"
    if word[-1] == "s" and word[-2] in _VOWELS:
        return word[:-1] + "ksen"
    if word[-1] in _VOWELS:
        for strong, weak in _GRADATION:
            if word[:-1].endswith(strong):
                return word[: -1 - len(strong)] + weak + word[-1] + "n"
    return None


@lru_cache(maxsize=4096)
def gradation_stems(label: str) -> tuple[str, ...]:
    """Stems a Finnish label's words take in inflected forms that the stemmer does not reach
    from the basic form, where it keeps them as they are: "haavanhoidossa" stems to
    "haavanhoido", "haavanhoito" to "haavanhoito". A search for the label also asks for these."""
    stems = []
    for word in dict.fromkeys(_words_apart(label).split()):
        if len(word) < _MIN_REWRITE_LENGTH or not word.isalpha():
            continue
        genitive = _genitive(word)
        if genitive is None:
            continue
        # Only a stem the stemmer keeps as it is can be searched for as a word.
        stem = stem_word(genitive, "fi")
        if stem != stem_word(word, "fi") and stem_word(stem, "fi") == stem:
            stems.append(stem)
    return tuple(stems)


def _label_words(label: str, lang: str) -> tuple[frozenset[str], ...]:
    stems = dict.fromkeys(stem_terms(_words_apart(label), lang))
    if lang == "fi":
        return tuple(_finnish_forms(stem) for stem in stems)
    return tuple(frozenset({stem}) for stem in stems)


def word_forms(word: str) -> frozenset[str]:
    """The stems of one word in every stemmed language, as label words are compared."""
    return frozenset(stem_word(fold(word), lang) for lang in STEM_LANGUAGES)


def label_forms(label: str) -> frozenset[str]:
    """Every accepted form of every word of a label, in every stemmed language: a query word
    with one of these forms is a word of that label."""
    return frozenset(
        form for lang in STEM_LANGUAGES for forms in _label_words(label, lang) for form in forms
    )


def _stem_language(lang: str) -> str:
    return lang if lang in STEM_LANGUAGES else "fi"


def _stems(text: str, lang: str) -> frozenset[str]:
    return frozenset(stem_terms(_words_apart(text), _stem_language(lang)))


def _chunks(text: str) -> list[str]:
    return [c.strip() for c in _CHUNK_SPLIT.split(text) if c.strip()][:MAX_TEXT_CHUNKS]


class ConceptIndex:
    """Precomputed label stems, label prefixes and (with an encoder) concept embeddings."""

    def __init__(
        self,
        concepts: Iterable[Concept],
        encoder: Encoder | None = None,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
        min_z: float | None = DEFAULT_MIN_Z,
    ) -> None:
        self.concepts: list[Concept] = list(concepts)
        self.encoder = encoder
        self.min_similarity = min_similarity
        self.min_z = min_z
        self._by_code = {c.code: i for i, c in enumerate(self.concepts)}
        self._neighbours = self._build_neighbours()
        self._labels_by_key_stem = self._build_stemmed_labels()
        self._compound_heads = self._build_compound_heads()
        self._prefix_labels, self._prefix_words = self._build_prefixes()
        self._vectors, self._vector_owner = self._build_vectors()

    # --- construction ---------------------------------------------------------------------

    def _build_neighbours(self) -> list[set[int]]:
        # Relations are stored on one side (occupation -> skills); suggestions go both ways.
        neighbours: list[set[int]] = [set() for _ in self.concepts]
        for i, concept in enumerate(self.concepts):
            for code in concept.related:
                j = self._by_code.get(code)
                if j is not None and j != i:
                    neighbours[i].add(j)
                    neighbours[j].add(i)
        return neighbours

    def _all_labels(self, concept: Concept) -> Iterable[tuple[str, str]]:
        for lang, label in concept.labels.items():
            yield lang, label
        for lang, labels in concept.alt.items():
            for label in labels:
                yield lang, label

    def _build_stemmed_labels(self) -> dict[tuple[str, str], list[_StemmedLabel]]:
        # Each label is filed under every form of one of its words (the longest, usually the
        # rarest), so a text only checks labels whose key word it contains.
        index: dict[tuple[str, str], list[_StemmedLabel]] = defaultdict(list)
        for i, concept in enumerate(self.concepts):
            for lang, label in self._all_labels(concept):
                stem_lang = _stem_language(lang)
                words = _label_words(label, stem_lang)
                if not words:
                    continue
                entry = _StemmedLabel(i, stem_lang, label, words)
                key_forms = max(words, key=lambda forms: (max(map(len, forms)), sorted(forms)))
                for form in key_forms:
                    index[(stem_lang, form)].append(entry)
        return dict(index)

    def _build_compound_heads(self) -> dict[str, _StemmedLabel]:
        """Finnish one-word labels a compound is read as a kind of, by stem: "pizzakokki" is a
        "kokki", "anestesiasairaanhoitajana" a "sairaanhoitaja". A word qualifies only when it
        names one group and every label word of the taxonomy that compounds it names that group
        too: "myyjä" does not ("kassamyyjä", "ohjelmistomyyjä" and "vakuutusmyyjä" are other
        trades), nor do "suunnittelija" and "hoitaja"."""
        owners: dict[str, set[str]] = defaultdict(set)
        singles: list[tuple[int, str]] = []
        for i, concept in enumerate(self.concepts):
            for lang, label in self._all_labels(concept):
                label_words = _words_apart(label).split()
                for word in label_words:
                    owners[word].add(concept.group)
                if concept.group and lang == COMPOUNDING_LANGUAGE and len(label_words) == 1:
                    singles.append((i, label))
        # The groups of the label words that compound each word: every longer word ending in it.
        compounding: dict[str, set[str]] = defaultdict(set)
        for word, groups in owners.items():
            for start in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
                compounding[word[start:]] |= groups
        heads: dict[str, _StemmedLabel] = {}
        for i, label in singles:
            group, head = self.concepts[i].group, _words_apart(label)
            if len(head) < MIN_HEAD or not head.isalpha() or owners[head] != {group}:
                continue
            if compounding.get(head, {group}) == {group}:
                words = _label_words(label, COMPOUNDING_LANGUAGE)
                # The plain stem only: the gradation forms are short enough to end other words.
                heads.setdefault(
                    stem_word(head, COMPOUNDING_LANGUAGE),
                    _StemmedLabel(i, COMPOUNDING_LANGUAGE, label, words),
                )
        return heads

    def _compound_matches(self, stems: frozenset[str]) -> list[tuple[_StemmedLabel, str]]:
        """(head label, the text's stem) for each Finnish stem that ends in a compound head,
        the longest head of each."""
        found = []
        for stem in stems:
            for start in range(MIN_MODIFIER, len(stem) - 1):
                head = self._compound_heads.get(stem[start:])
                if head is not None:
                    found.append((head, stem))
                    break
        return found

    def _build_prefixes(
        self,
    ) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
        labels: set[tuple[str, int, str]] = set()
        words: set[tuple[str, int, str]] = set()
        for i, concept in enumerate(self.concepts):
            for _, label in self._all_labels(concept):
                folded = " ".join(tokenize(fold(label)))
                if not folded:
                    continue
                labels.add((folded, i, label))
                for word in folded.split(" ")[1:]:
                    words.add((word, i, label))
        return sorted(labels), sorted(words)

    def _build_vectors(self) -> tuple[np.ndarray | None, np.ndarray]:
        if self.encoder is None or not self.concepts:
            return None, np.zeros(0, dtype=np.int64)
        texts: list[str] = []
        owners: list[int] = []
        for i, concept in enumerate(self.concepts):
            for lang, label in concept.labels.items():
                description = concept.descriptions.get(lang, "")
                texts.append(f"{label}. {description}" if description else label)
                owners.append(i)
        return self.encoder.encode(texts), np.asarray(owners, dtype=np.int64)

    # --- free-text suggestions ------------------------------------------------------------

    def code_index(self, code: str) -> int | None:
        """Position of a concept code, or None when it is not in the index."""
        return self._by_code.get(code)

    def _label_matches(self, text: str) -> dict[int, str]:
        # concept -> (label, the text's stems it matched), the label matching most stems
        found: dict[int, tuple[str, frozenset[str]]] = {}
        for lang in STEM_LANGUAGES:
            stems = _stems(text, lang)
            for stem in stems:
                for entry in self._labels_by_key_stem.get((lang, stem), ()):
                    if entry.found_in(stems):
                        used, known = entry.used(stems), found.get(entry.concept)
                        if known is None or len(used) > len(known[1]):
                            found[entry.concept] = (entry.label, used)
            if lang == COMPOUNDING_LANGUAGE:
                named = {stem for _, used in found.values() for stem in used}
                for entry, stem in self._compound_matches(stems - named):
                    found.setdefault(entry.concept, (entry.label, frozenset({stem})))
        # A label that is part of a longer label found in the same words names nothing of its
        # own: "UX-suunnittelija" is a UX designer, not also a "suunnittelija" of another trade.
        return {
            i: label
            for i, (label, used) in found.items()
            if not any(used < other for j, (_, other) in found.items() if j != i)
        }

    def _similarities(self, text: str) -> np.ndarray | None:
        """Best cosine per concept between any sentence of the text and any of its labels."""
        if self.encoder is None or self._vectors is None:
            return None
        chunks = _chunks(text)
        if not chunks:
            return None
        text_vectors = self.encoder.encode(chunks)
        per_vector = (text_vectors @ self._vectors.T).max(axis=0)
        best = np.full(len(self.concepts), -1.0, dtype=np.float32)
        np.maximum.at(best, self._vector_owner, per_vector)
        return best

    def _stands_out(self, similarity: np.ndarray) -> np.ndarray:
        keep = similarity >= self.min_similarity
        if self.min_z is not None:
            std = float(similarity.std())
            z = (similarity - similarity.mean()) / std if std > 0 else np.zeros_like(similarity)
            keep &= z >= self.min_z
        return keep

    def suggest(self, text: str, limit: int = 10, exclude: Iterable[str] = ()) -> list[Suggestion]:
        """Concepts for a free text, best first; `exclude` holds codes the person already chose."""
        # Chosen codes are not suggested again, but their related concepts are.
        excluded = {self._by_code[c] for c in exclude if c in self._by_code}
        matched = self._label_matches(text)
        similarity = self._similarities(text)
        candidates: dict[int, tuple[float, Reason, str | None]] = {}

        def offer(i: int, score: float, reason: Reason, label: str | None = None) -> None:
            if score > candidates.get(i, (float("-inf"),))[0]:
                candidates[i] = (score, reason, label)

        for i, label in matched.items():
            bonus = LABEL_SIMILARITY_BONUS * float(similarity[i]) if similarity is not None else 0.0
            offer(i, LABEL_MATCH_SCORE + bonus, "label_match", label)
        if similarity is not None:
            for hit in np.flatnonzero(self._stands_out(similarity)):
                offer(int(hit), float(similarity[hit]), "similar")
        # Chosen concepts seed related suggestions as strongly as a label match would.
        seeds = {i: s for i, (s, _, _) in candidates.items()}
        seeds.update({i: LABEL_MATCH_SCORE for i in excluded})
        for i, seed_score in seeds.items():
            kind = self.concepts[i].kind
            for j in self._neighbours[i]:
                if self.concepts[j].kind != kind:
                    offer(j, RELATED_FACTOR * seed_score, "related")
        ranked = sorted(
            ((i, c) for i, c in candidates.items() if i not in excluded),
            key=lambda item: (-item[1][0], self.concepts[item[0]].code),
        )
        return [self._suggestion(i, score, reason, label) for i, (score, reason, label) in ranked][
            :limit
        ]

    def _suggestion(self, i: int, score: float, reason: Reason, label: str | None) -> Suggestion:
        concept = self.concepts[i]
        return Suggestion(
            concept.code, concept.kind, dict(concept.labels), round(score, 4), reason, label
        )

    # --- query-time prefix suggestions ----------------------------------------------------

    def prefix_suggest(
        self,
        query: str,
        lang: str = "fi",
        kinds: Iterable[ConceptKind] = ("skill", "occupation"),
        limit: int = 10,
    ) -> list[Suggestion]:
        """Concepts whose label, or a word inside a label, starts with the typed query."""
        prefix = " ".join(tokenize(fold(query)))
        if not prefix:
            return []
        wanted_kinds = set(kinds)
        best: dict[int, tuple[tuple[int, int, int, str], str]] = {}

        def consider(entries: list[tuple[str, int, str]], rank: int) -> None:
            start = bisect_left(entries, (prefix,))
            for folded, i, label in entries[start:]:
                if not folded.startswith(prefix):
                    break
                concept = self.concepts[i]
                if concept.kind not in wanted_kinds:
                    continue
                # Exact label first, then whole-label prefixes, then word prefixes; within a
                # rank a label in the asked language and a shorter label come first.
                exact = 0 if folded == prefix else 1
                in_lang = 0 if concept.labels.get(lang) == label else 1
                key = (exact + rank, in_lang, len(label), concept.code)
                if i not in best or key < best[i][0]:
                    best[i] = (key, label)

        consider(self._prefix_labels, 0)
        consider(self._prefix_words, 2)
        ordered = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        # The order is the judgement here; the score only restates it for a uniform shape.
        return [
            self._suggestion(i, 1.0 / (1 + position), "label_match", label)
            for position, (i, (_, label)) in enumerate(ordered)
        ]
