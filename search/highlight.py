"""HTML-safe snippets for the embedded backend: escape the text, then mark the matched words.

A snippet is one sentence (a line, or a sentence within one) holding query words, cut to a
window around its first match when long; a field gives its best few, the sentence holding the
most different query words first, as Elasticsearch's sentence-based highlighter scores them.
A compound is marked when its head was searched for (Elasticsearch keeps the heads in a field of
their own and leaves such a hit without snippets: the page shows its first sentence)."""

from __future__ import annotations

import re
from html import escape

from search.text import indexed_stems as text_stems

SNIPPET_WORDS = 30
WORDS_BEFORE_MATCH = 10
SNIPPETS_PER_FIELD = 3
ELLIPSIS = "…"

# Line breaks separate the fields a document text is composed of; sentence ends separate prose.
_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])\s+")

# A whitespace-separated chunk split into leading punctuation, the word part, trailing punctuation.
_CHUNK = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def _split(chunk: str) -> tuple[str, str, str]:
    match = _CHUNK.match(chunk)
    assert match is not None  # every string matches the pattern
    return match.group(1), match.group(2), match.group(3)


def _is_match(core: str, stems: frozenset[str]) -> bool:
    lowered = core.lower()
    # Snowball only strips endings, so a stem (a compound head's too) is a substring of its
    # word: the cheap test spares stemming every word of long texts.
    if not any(stem in lowered for stem in stems):
        return False
    return not stems.isdisjoint(text_stems(core))


def _render(chunk: str, stems: frozenset[str]) -> str:
    lead, core, trail = _split(chunk)
    if core and _is_match(core, stems):
        return f"{escape(lead)}<mark>{escape(core)}</mark>{escape(trail)}"
    return escape(chunk)


def _window(words: list[str], first: int, stems: frozenset[str]) -> str:
    """A ~30-word window of a sentence around its first matched word."""
    start = max(0, first - WORDS_BEFORE_MATCH)
    end = min(len(words), start + SNIPPET_WORDS)
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(words) else ""
    return prefix + " ".join(_render(word, stems) for word in words[start:end]) + suffix


def snippets(text: str, stems: frozenset[str], size: int = SNIPPETS_PER_FIELD) -> list[str]:
    """The `size` sentences holding the most different query stems (then the most matched
    words, then the earliest), each marked and cut to a window; [] without a match."""
    ranked: list[tuple[int, int, int, list[str], int]] = []
    for position, sentence in enumerate(_SENTENCE_BREAK.split(text)):
        words = sentence.split()
        matched = [i for i, word in enumerate(words) if _is_match(_split(word)[1], stems)]
        if not matched:
            continue
        found = set().union(*(text_stems(_split(words[i])[1]) for i in matched)) & stems
        ranked.append((-len(found), -len(matched), position, words, matched[0]))
    ranked.sort(key=lambda item: item[:3])
    return [_window(words, first, stems) for *_, words, first in ranked[:size]]


def highlight_fields(fields: dict[str, str], stems: frozenset[str]) -> dict[str, list[str]]:
    """The best snippets of every field that holds a query stem, best first."""
    out: dict[str, list[str]] = {}
    for name, text in fields.items():
        found = snippets(text, stems)
        if found:
            out[name] = found
    return out
