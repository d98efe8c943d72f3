"""Every message exists in Finnish, Swedish and English, and templates use only known keys."""

import re
from pathlib import Path

from marketplace.i18n import LANGUAGES, Translator, catalogue, negotiate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_message_has_all_languages() -> None:
    missing = [
        (key, lang)
        for key, texts in catalogue().items()
        for lang in LANGUAGES
        if not texts.get(lang, "").strip()
    ]
    assert missing == []


def test_templates_use_only_known_keys() -> None:
    used: set[str] = set()
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        # Keys followed by "~" are prefixes of computed keys; those are checked where built.
        used |= set(re.findall(r"""_\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']\s*[,)]""", text))
    unknown = sorted(k for k in used if k not in catalogue())
    assert unknown == []


def test_translator_falls_back_to_finnish_and_formats() -> None:
    assert Translator("sv")("home.open_vacancies", count=3) == "Lediga jobb: 3"
    assert Translator("xx").lang == "fi"


def test_accept_language_negotiation() -> None:
    assert negotiate("sv-FI,sv;q=0.9,en;q=0.5") == "sv"
    assert negotiate("de-DE, en;q=0.4") == "en"
    assert negotiate(None) == "fi"
