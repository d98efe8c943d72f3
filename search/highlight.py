"""HTML-safe snippets for the embedded backend: escape the text, then mark the matched words."""

from __future__ import annotations

import re
from html import escape

from search.text import stems as text_stems

SNIPPET_WORDS = 30
WORDS_BEFORE_MATCH = 10
ELLIPSIS = "…"

# A whitespace-separated chunk split into leading punctuation, the word part, trailing punctuation.
_CHUNK = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def _split(chunk: str) -> tuple[str, str, str]:
    match = _CHUNK.match(chunk)
    assert match is not None  # every string matches the pattern
    return match.group(1), match.group(2), match.group(3)


def _is_match(core: str, stems: frozenset[str]) -> bool:
    lowered = core.lower()
    # Snowball only strips endings, so a stem is a substring of its word: the cheap test spares
    # stemming every word of long texts.
    if not any(stem in lowered for stem in stems):
        return False
    return not stems.isdisjoint(text_stems(core))


def _render(chunk: str, stems: frozenset[str]) -> str:
    lead, core, trail = _split(chunk)
    if core and _is_match(core, stems):
        return f"{escape(lead)}<mark>{escape(core)}</mark>{escape(trail)}"
    return escape(chunk)


def snippet(text: str, stems: frozenset[str]) -> str | None:
    """A ~30-word window around the first word whose stem is a query stem; None without one."""
    words = text.split()
    first = next(
        (i for i, word in enumerate(words) if _is_match(_split(word)[1], stems)),
        None,
    )
    if first is None:
        return None
    start = max(0, first - WORDS_BEFORE_MATCH)
    end = min(len(words), start + SNIPPET_WORDS)
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(words) else ""
    return prefix + " ".join(_render(word, stems) for word in words[start:end]) + suffix


def highlight_fields(fields: dict[str, str], stems: frozenset[str]) -> dict[str, list[str]]:
    """One snippet per field that holds a query stem."""
    out: dict[str, list[str]] = {}
    for name, text in fields.items():
        found = snippet(text, stems)
        if found is not None:
            out[name] = [found]
    return out
