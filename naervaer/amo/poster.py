"""The problem-report poster: a printable PDF with the QR code to the organisation's report form."""

from __future__ import annotations

from pathlib import Path

import segno

from naervaer.pdf import render
from naervaer.people.models import Organisation

TEMPLATES = Path(__file__).resolve().parent / "pdf"


def poster_pdf(organisation: Organisation, url: str) -> bytes:
    qr = segno.make(url, error="m").svg_inline(scale=10, dark="#000000")
    return render(
        TEMPLATES / "plakat.typ", {"organisation": organisation.name, "url": url, "qr": qr}
    )
