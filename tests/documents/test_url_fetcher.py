"""What a PDF may load: the portal's own static files, and nothing else (no network, no file:)."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from PIL import Image

from portal.documents import rendering
from tests.documents.conftest import pdf_text

GENERATED_AT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Sarajevo"))


def pdf_images(data: bytes) -> list[tuple[int, int]]:
    """The (width, height) of every image drawn on the PDF's pages."""
    from pypdf import PdfReader

    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        sizes += [(image.image.width, image.image.height) for image in page.images]
    return sizes


@pytest.fixture
def static_emblem(settings, tmp_path):
    """A 12×8 PNG among the portal's static files, at /static/emblem/emblem.png."""
    directory = tmp_path / "static"
    (directory / "emblem").mkdir(parents=True)
    Image.new("RGB", (12, 8), (200, 30, 30)).save(directory / "emblem" / "emblem.png")
    settings.STATICFILES_DIRS = [directory]
    return "/static/emblem/emblem.png"


def render(body: str) -> bytes:
    html = f'<!DOCTYPE html><html lang="en"><body><h1>Minutes</h1>{body}</body></html>'
    return rendering.html_to_pdf(html, language="en", generated_at=GENERATED_AT)


def test_a_document_shows_an_image_from_the_portals_static_files(static_emblem):
    pdf = render(f'<p>Logo:</p><img src="{static_emblem}" alt="emblem">')
    assert pdf_images(pdf) == [(12, 8)]
    assert "Minutes" in pdf_text(pdf)


def test_file_and_network_addresses_are_refused_and_the_document_still_renders(
    static_emblem, tmp_path
):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (7, 5), (0, 0, 0)).save(secret)
    css_target = tmp_path / "evil.css"
    css_target.write_text("h1::after { content: 'LEAKED-CSS'; }")
    pdf = render(
        f'<link rel="stylesheet" href="file://{css_target}">'
        '<img src="file:///etc/passwd" alt="passwd">'
        f'<img src="file://{secret}" alt="secret">'
        '<img src="http://127.0.0.1:1/x.png" alt="net">'
        '<img src="/static/../../../../etc/passwd" alt="climb">'
        '<img src="//127.0.0.1:1/static/emblem/emblem.png" alt="host">'
        '<object data="file:///etc/passwd"></object>'
        "<p>Still here.</p>"
    )
    text = pdf_text(pdf)
    assert "Still here." in text
    assert pdf_images(pdf) == []
    assert "root:" not in text and "LEAKED-CSS" not in text


def test_a_static_path_cannot_climb_out_of_the_static_files(static_emblem):
    assert rendering._static_path(static_emblem).endswith("emblem/emblem.png")
    assert rendering._static_path("/static/emblem/../emblem/emblem.png")
    for url in (
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "file:///static/emblem/emblem.png",
        "http://127.0.0.1/static/emblem/emblem.png",
        "/media/emblem.png",
    ):
        assert rendering._static_path(url) is None, url
