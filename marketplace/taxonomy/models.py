"""Taxonomy concepts: occupations, skills, licences, languages and areas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base


class Concept(Base):
    """One vocabulary entry with its labels in Finnish, Swedish and English."""

    __tablename__ = "concepts"
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_concepts_kind_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    code: Mapped[str] = mapped_column(String(20))
    label_fi: Mapped[str] = mapped_column(String(200))
    label_sv: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(20), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[str] = mapped_column(String(20))

    def label(self, lang: str) -> str:
        """Label in the given UI language, Finnish as the fallback."""
        return getattr(self, f"label_{lang}", None) or self.label_fi
