"""Turning a CV document into HTML and PDF with WeasyPrint, safely and fast.

WeasyPrint fetches every URL a document names (images, stylesheets, fonts, attachments). The
fetcher here serves only the project's own files under `static/cv/` and refuses everything else:
no other files, no network, no `data:` URLs. User text reaches the template only through Jinja's
autoescaping, so it cannot name a URL in the first place; the fetcher is the second wall.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from marketplace.config import PROJECT_ROOT
from marketplace.cv.schemas import CvDocument
from marketplace.i18n import Translator
from marketplace.templating import make_environment

ASSETS_DIR = PROJECT_ROOT / "static" / "cv"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
TEMPLATE = "cv/cv.html"
STYLESHEET = "cv.css"
# Laid over STYLESHEET when the regular layout would leave a short tail alone on the last page.
TIGHT_STYLESHEET = "cv-tight.css"
# A last page filled less than this far holds a tail worth a tighter layout to save the page.
SHORT_TAIL = 0.3
PDF_VARIANT = "pdf/ua-1"
# Bump when the template or stylesheet changes, so cached PDFs and ETags change with them.
LAYOUT_VERSION = "2"

_CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf"}


class AssetRefused(ValueError):
    """A document asked for something outside the bundled CV assets."""


class StaticAssetFetcher(URLFetcher):
    """Serves files under `root` (fonts and CSS) by `file:` URL; refuses every other URL."""

    def __init__(self, root: Path = ASSETS_DIR) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        # Every URL asked for, served or not: tests read it to prove what was (not) fetched.
        self.requested: list[str] = []

    def path_for(self, url: str) -> Path:
        """The bundled file a URL names; `AssetRefused` for anything else."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            raise AssetRefused(f"CV renderer does not fetch {url[:200]!r}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or path.suffix not in _CONTENT_TYPES:
            raise AssetRefused(f"CV renderer does not fetch {url[:200]!r}")
        if not path.is_file():
            raise AssetRefused(f"No such CV asset: {path.name}")
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Serve a bundled asset or raise."""
        self.requested.append(url)
        path = self.path_for(url)
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": _CONTENT_TYPES[path.suffix]},
        )


@lru_cache
def environment() -> Environment:
    """The Jinja2 environment for rendering CVs outside a request (PDFs, ZIPs)."""
    return make_environment(TEMPLATES_DIR)


def template_context(doc: CvDocument, mode: str) -> dict[str, Any]:
    """What the CV template needs, for `mode` "pdf" or "print"."""
    return {"cv": doc, "_": Translator(doc.lang), "lang": doc.lang, "mode": mode}


def render_html(doc: CvDocument) -> str:
    """The CV as the HTML document WeasyPrint lays out."""
    return environment().get_template(TEMPLATE).render(template_context(doc, "pdf"))


class PdfRenderer:
    """Lays out CV HTML as a tagged PDF/UA-1 document with the bundled fonts embedded.

    The stylesheet and its fonts are loaded once and reused. WeasyPrint and the Pango font map
    are not safe to share between threads, and rendering is CPU-bound under the GIL anyway, so
    one lock serialises renders.
    """

    def __init__(self, fetcher: StaticAssetFetcher | None = None, *, tighten: bool = True) -> None:
        self.fetcher = fetcher or StaticAssetFetcher()
        # Whether a layout that leaves a short tail on its last page is tried tighter.
        self.tighten = tighten
        self._lock = threading.Lock()
        self._fonts: FontConfiguration | None = None
        self._css: tuple[CSS, CSS] | None = None

    def _stylesheets(self) -> tuple[CSS, CSS, FontConfiguration]:
        if self._css is None or self._fonts is None:
            fonts = FontConfiguration()
            regular, tight = (
                CSS(
                    url=(self.fetcher.root / name).as_uri(),
                    url_fetcher=self.fetcher,
                    font_config=fonts,
                )
                for name in (STYLESHEET, TIGHT_STYLESHEET)
            )
            self._fonts, self._css = fonts, (regular, tight)
        return self._css[0], self._css[1], self._fonts

    def _html(self, html: str) -> HTML:
        return HTML(
            string=html, base_url=self.fetcher.root.as_uri() + "/", url_fetcher=self.fetcher
        )

    def _layout(self, html: str) -> Document:
        """The regular layout, or the tighter one when that saves a last page of a short tail."""
        css, tight, fonts = self._stylesheets()
        document = self._html(html).render(
            stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT
        )
        if self.tighten and short_tail(document):
            tighter = self._html(html).render(
                stylesheets=[css, tight], font_config=fonts, pdf_variant=PDF_VARIANT
            )
            if len(tighter.pages) < len(document.pages):
                return tighter
        return document

    def render(self, html: str) -> bytes:
        """PDF bytes of an HTML document whose only resources are bundled CV assets."""
        with self._lock:
            pdf = self._layout(html).write_pdf(pdf_variant=PDF_VARIANT)
        assert pdf is not None
        return pdf

    def layout(self, html: str) -> Document:
        """The paginated layout without writing a PDF (for checking page breaks)."""
        with self._lock:
            return self._layout(html)


def short_tail(document: Document) -> bool:
    """Whether the last of several pages is filled less than SHORT_TAIL of its height."""
    if len(document.pages) < 2:
        return False
    page = document.pages[-1]._page_box
    root = page.children[0]
    used = root.position_y + root.margin_height() - page.content_box_y()
    return bool(used < SHORT_TAIL * page.height)


class PdfCache:
    """Rendered PDFs by cache key, least recently used first out, bounded in bytes."""

    def __init__(self, max_bytes: int = 32 * 1024 * 1024, max_item_bytes: int = 4 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.max_item_bytes = max_item_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        """The cached PDF, marked as recently used, or None."""
        with self._lock:
            pdf = self._items.get(key)
            if pdf is not None:
                self._items.move_to_end(key)
            return pdf

    def put(self, key: str, pdf: bytes) -> None:
        """Store a PDF, evicting the least recently used ones to stay within the bound."""
        if len(pdf) > self.max_item_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._items[key] = pdf
            self._size += len(pdf)
            while self._size > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self._size -= len(evicted)

    def clear(self) -> None:
        """Forget every cached PDF."""
        with self._lock:
            self._items.clear()
            self._size = 0

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._size

    def __len__(self) -> int:
        return len(self._items)


RENDERER = PdfRenderer()
CACHE = PdfCache()


def pdf_bytes(doc: CvDocument, renderer: PdfRenderer | None = None) -> bytes:
    """The CV as PDF, from the cache when this exact rendering was made before."""
    cached = CACHE.get(doc.cache_key)
    if cached is not None:
        return cached
    pdf = (renderer or RENDERER).render(render_html(doc))
    CACHE.put(doc.cache_key, pdf)
    return pdf
