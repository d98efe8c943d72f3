"""CV test fixtures: an empty PDF cache per test and a renderer whose fetches are recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketplace.cv import render


@pytest.fixture(autouse=True)
def empty_pdf_cache() -> Iterator[None]:
    """Each test renders afresh; cached PDFs of an earlier test cannot leak in."""
    render.CACHE.clear()
    yield
    render.CACHE.clear()


@pytest.fixture
def spy_renderer(monkeypatch: pytest.MonkeyPatch) -> render.PdfRenderer:
    """The app renders with a fresh renderer; its fetcher logs every URL WeasyPrint asks for."""
    renderer = render.PdfRenderer(render.StaticAssetFetcher())
    monkeypatch.setattr(render, "RENDERER", renderer)
    return renderer
