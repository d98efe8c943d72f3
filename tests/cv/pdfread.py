"""Reading CV PDFs back: text per page, metadata and embedded fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader


def squash(text: str) -> str:
    """Whitespace runs as single spaces, so wrapped lines compare like the source text."""
    return " ".join(text.split())


@dataclass
class ReadPdf:
    """A PDF parsed back with pypdf."""

    reader: PdfReader

    @classmethod
    def parse(cls, data: bytes) -> ReadPdf:
        assert data.startswith(b"%PDF-"), data[:20]
        return cls(PdfReader(io.BytesIO(data)))

    @property
    def pages(self) -> list[str]:
        return [squash(page.extract_text() or "") for page in self.reader.pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    @property
    def title(self) -> str:
        return str((self.reader.metadata or {}).get("/Title", ""))

    @property
    def author(self) -> str:
        return str((self.reader.metadata or {}).get("/Author", ""))

    @property
    def language(self) -> str:
        return str(self.reader.trailer["/Root"].get("/Lang", ""))

    @property
    def catalog(self) -> Any:
        return self.reader.trailer["/Root"]

    def embedded_fonts(self) -> dict[str, bool]:
        """Base font name -> whether its font program is embedded in the file."""
        fonts: dict[str, bool] = {}
        for page in self.reader.pages:
            resources = page.get("/Resources") or {}
            for ref in (resources.get("/Font") or {}).values():
                font = ref.get_object()
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font["/BaseFont"])] = embedded
        return fonts
