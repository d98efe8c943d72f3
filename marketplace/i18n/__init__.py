"""User-interface languages: Finnish first, Swedish and English too.

Messages live in JSON catalogues under `catalogues/`, one file per domain, each key with its
Finnish, Swedish and English text side by side so a missing translation is easy to spot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
CATALOGUES = Path(__file__).resolve().parent / "catalogues"


@lru_cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all domains, keyed by message key."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUES.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice ({path.name})")
            merged[key] = texts
    return merged


def normalize_language(value: str | None) -> str | None:
    """Return a supported language code for `value` ("sv-FI" -> "sv"), or None."""
    if not value:
        return None
    code = value.strip().lower()[:2]
    return code if code in LANGUAGES else None


def negotiate(accept_language: str | None) -> str:
    """Pick the best supported language from an Accept-Language header."""
    best, best_q = DEFAULT_LANGUAGE, -1.0
    for part in (accept_language or "").split(","):
        lang, _, params = part.strip().partition(";")
        code = normalize_language(lang)
        if not code:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > best_q:
            best, best_q = code, q
    return best


# The language of the page being answered, set by the locale middleware for the request's
# context (worker threads get a copy), so form errors can be told without passing it around.
_page_language: ContextVar[str] = ContextVar("page_language", default=DEFAULT_LANGUAGE)


def set_page_language(lang: str) -> None:
    """Remember the language of the page this request answers."""
    _page_language.set(lang)


def page_language() -> str:
    """The language of the page this request answers (Finnish outside a request)."""
    return _page_language.get()


def choose_language(chosen: str | None, cookie: str | None, accept_language: str | None) -> str:
    """A page's language: chosen now (`?lang=`), chosen before (the cookie), or the browser's."""
    return normalize_language(chosen) or normalize_language(cookie) or negotiate(accept_language)


class Translator:
    """Looks up messages in one language, falling back to Finnish, then to the key."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **params: Any) -> str:
        texts: Mapping[str, str] = catalogue().get(key, {})
        text = texts.get(self.lang) or texts.get(DEFAULT_LANGUAGE) or key
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        """Whether the key exists in the catalogue."""
        return key in catalogue()
