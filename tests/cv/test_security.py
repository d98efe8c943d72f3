"""WeasyPrint fetches nothing the user controls: markup in a profile is text, and the fetcher
serves only the bundled CV assets."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.cv import render
from tests import factories
from tests.cv import data
from tests.cv.pdfread import ReadPdf, squash

ASSETS = render.ASSETS_DIR.resolve().as_uri() + "/"

# Each on its own line so text extraction gives it back whole.
HOSTILE_LINES = [
    '<img src="file:///etc/passwd">',
    '<img src="http://127.0.0.1:9/x">',
    '<link rel=stylesheet href="http://127.0.0.1:9/evil.css">',
    '<link rel=attachment href="file:///etc/hostname">',
    "<style>@import url(file:///etc/passwd);</style>",
    "background: url(http://127.0.0.1:9/bg.png)",
    '<svg><image href="data:image/png;base64,AAAA"/></svg>',
]


def test_markup_in_a_profile_renders_as_text_and_fetches_nothing(
    client: TestClient, db: Session, spy_renderer: render.PdfRenderer
) -> None:
    owner = factories.jobseeker(db, name=data.NAME)
    work = data.work_item(1, "\n".join(HOSTILE_LINES))
    profile = data.one_page(
        db,
        owner,
        headline='<img src="http://127.0.0.1:9/h"> url(file:///etc/shadow)',
        summary="\n".join(HOSTILE_LINES),
        keywords=["<b>bold</b>", "url(x)"],
        work=[work],
    )
    response = client.get(
        f"/api/v1/profiles/{profile.id}/cv.pdf",
        headers=factories.login(client, factories.employer(db)),
    )
    assert response.status_code == 200, response.text
    text = ReadPdf.parse(response.content).text
    for line in HOSTILE_LINES:
        # Twice: once from the summary, once from the work description.
        assert text.count(squash(line)) == 2, line
    assert '<img src="http://127.0.0.1:9/h"> url(file:///etc/shadow)' in text
    assert "<b>bold</b>" in text and "url(x)" in text
    requested = spy_renderer.fetcher.requested
    assert requested, "the bundled stylesheet and fonts are fetched through the spy"
    assert all(url.startswith(ASSETS) for url in requested), requested
    for fragment in ("passwd", "shadow", "hostname", "127.0.0.1", "data:"):
        assert not any(fragment in url for url in requested)


def test_the_spy_does_see_fetches_and_the_fetcher_refuses_them() -> None:
    """Control: had markup reached WeasyPrint unescaped, the fetcher would be asked and refuse."""
    renderer = render.PdfRenderer(render.StaticAssetFetcher())
    html = (
        '<html lang="fi"><head><title>x</title></head><body><p>raw</p>'
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x">'
        '<link rel="stylesheet" href="data:text/css,p{color:red}"></body></html>'
    )
    pdf = renderer.render(html)
    assert "raw" in ReadPdf.parse(pdf).text
    asked = renderer.fetcher.requested
    assert "file:///etc/passwd" in asked and "http://127.0.0.1:9/x" in asked
    assert any(url.startswith("data:") for url in asked)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/font.ttf",
        "data:text/css,p{color:red}",
        "ftp://127.0.0.1/x.css",
        ASSETS + "../../etc/passwd",
        ASSETS + "..%2F..%2F..%2Fetc%2Fpasswd",
        ASSETS + "fonts/LICENSE-DejaVu.txt",
        ASSETS + "cv.css?x=1",
        ASSETS + "missing.css",
        "file://otherhost" + render.ASSETS_DIR.resolve().as_posix() + "/cv.css",
    ],
)
def test_fetcher_refuses_everything_but_bundled_assets(url: str) -> None:
    fetcher = render.StaticAssetFetcher()
    with pytest.raises(render.AssetRefused):
        fetcher.fetch(url)
    assert fetcher.requested == [url]


def test_fetcher_refuses_symlinks_leading_out(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path)) / "assets"
    root.mkdir()
    (root / "ok.css").write_text("p{}")
    (root / "evil.css").symlink_to("/etc/passwd")
    fetcher = render.StaticAssetFetcher(root)
    assert fetcher.fetch((root / "ok.css").as_uri()).read() == b"p{}"
    with pytest.raises(render.AssetRefused):
        fetcher.fetch((root / "evil.css").as_uri())


def test_fetcher_serves_bundled_fonts_and_css() -> None:
    fetcher = render.StaticAssetFetcher()
    font = fetcher.fetch(ASSETS + "fonts/DejaVuSansCondensed.ttf")
    assert font.content_type == "font/ttf" and font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch(ASSETS + "cv.css").content_type == "text/css"
