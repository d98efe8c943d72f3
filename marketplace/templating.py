"""The Jinja2 environment and its filters, used for the pages and the CV template alike (so it
knows nothing of HTTP requests)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape


def make_environment(templates_dir: Path) -> Environment:
    """The Jinja2 environment used for pages and the CV template."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_fi"] = format_date
    env.filters["nl2br"] = nl2br
    return env


def format_date(value: date | datetime | None, lang: str = "fi") -> str:
    """Dates as people in each language write them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if lang == "en":
        return value.isoformat()
    return f"{value.day}.{value.month}.{value.year}"


def nl2br(value: str) -> Markup:
    """Escape text and keep its line breaks."""
    return Markup("<br>\n").join(escape(line) for line in (value or "").splitlines())
