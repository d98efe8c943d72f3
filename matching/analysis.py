"""Language analysis shared by the embedded search backend and the suggesters."""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# Snowball stemmer names for the UI languages; Finnish is the default because most
# postings and profiles are written in it.
_STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens (hyphenated words stay whole)."""
    return [t.lower() for t in _TOKEN.findall(text or "")]


def fold(text: str) -> str:
    """Lower-case and strip diacritics except the Finnish/Swedish letters å, ä and ö."""
    out = []
    for ch in (text or "").lower():
        if ch in "åäö":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


# Snowball stemmers keep state between calls, so each thread gets its own.
_local = threading.local()


def _stemmer(lang: str) -> snowballstemmer.stemmer:
    stemmers: dict[str, snowballstemmer.stemmer] = _local.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(_STEMMERS.get(lang, "finnish"))
    return stemmers[lang]


def stem_terms(text: str, lang: str = "fi") -> list[str]:
    """Tokenize and stem text; "sairaanhoitajaksi" and "sairaanhoitaja" share a stem."""
    tokens = tokenize(text)
    return _stemmer(lang).stemWords(tokens) if tokens else []
