"""Language analysis shared by the embedded search backend and the suggesters."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# Snowball stemmer names for the UI languages; Finnish is the default because most
# postings and profiles are written in it.
_STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens (hyphenated words stay whole)."""
    return [t.lower() for t in _TOKEN.findall(text or "")]


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "åäö":
            folded = ch
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip diacritics except the Finnish/Swedish letters å, ä and ö."""
    lowered = (text or "").lower()
    # Highlighting folds every hit's text: ASCII needs nothing more, the rest one table lookup
    # per character instead of a Unicode decomposition.
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


# Snowball stemmers keep state between calls, so each thread gets its own.
_local = threading.local()


def _stemmer(lang: str) -> snowballstemmer.stemmer:
    stemmers: dict[str, snowballstemmer.stemmer] = _local.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(_STEMMERS.get(lang, "finnish"))
    return stemmers[lang]


# Stemming is pure Python and was a sixth of a search request's time; words repeat across
# queries and documents, so their stems are remembered (a few MB at most).
@lru_cache(maxsize=200_000)
def stem_word(word: str, lang: str = "fi") -> str:
    """The Snowball stem of one lower-case token."""
    return str(_stemmer(lang).stemWord(word))


def stem_terms(text: str, lang: str = "fi") -> list[str]:
    """Tokenize and stem text; "sairaanhoitajaksi" and "sairaanhoitaja" share a stem."""
    return [stem_word(token, lang) for token in tokenize(text)]
