"""Personal-data export: each domain registers what it holds about a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import User

Exporter = Callable[[Session, User], Any]
_EXPORTERS: dict[str, Exporter] = {}


def exporter(section: str) -> Callable[[Exporter], Exporter]:
    """Register a function returning one section of a user's data export."""

    def register(func: Exporter) -> Exporter:
        _EXPORTERS[section] = func
        return func

    return register


def export_user(session: Session, user: User) -> dict[str, Any]:
    """Everything the service holds about the user, section by section."""
    return {section: func(session, user) for section, func in sorted(_EXPORTERS.items())}
