"""The problem-report poster: a PDF with the QR code and the address of the organisation's
report form, for the AMO and HR; the address it prints works without a login."""

from __future__ import annotations

import io
import re

import pytest
import segno
from django.test import Client
from pypdf import PdfReader

from naervaer.amo.models import ReportLink
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def dark_runs(url: str) -> int:
    runs = 0
    for row in segno.make(url, error="m").matrix:
        runs += sum(1 for i, dark in enumerate(row) if dark and (i == 0 or not row[i - 1]))
    return runs


@pytest.mark.parametrize("who", ["amy", "hanne"])
def test_the_poster_prints_the_report_address(world: World, who: str) -> None:
    response = client_for(getattr(world, who)).get("/amo/reports/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    token = ReportLink.objects.get(organisation=world.acme).token
    url = f"http://testserver/report/{token}/"
    assert url in text
    assert "Meld det her — anonymt, hvis du vil." in text
    assert "Acme Kommune" in text
    # The QR code is drawn as one line per run of dark modules: the runs are those of the code
    # for this very address.
    contents = reader.pages[0].get_contents()
    assert contents is not None
    drawing = contents.get_data().decode("latin-1")
    assert len(re.findall(r"(?<![\d.])\d+ \d+\.5 m \d+ \d+\.5 l", drawing)) == dark_runs(url)
    # And the address it prints takes a report from anyone, without a login.
    assert Client().get(f"/report/{token}/").status_code == 200


@pytest.mark.parametrize("who", ["alice", "bob", "adam", "cate"])
def test_the_poster_is_for_the_amo_and_hr(world: World, who: str) -> None:
    assert client_for(getattr(world, who)).get("/amo/reports/poster.pdf").status_code == 403


def test_another_organisation_prints_its_own_address(world: World) -> None:
    response = client_for(world.olga).get("/amo/reports/poster.pdf")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert ReportLink.objects.get(organisation=world.other).token in text
    assert "Acme Kommune" not in text and "Anden Kommune" in text


def test_the_reports_page_links_the_poster(world: World) -> None:
    page = client_for(world.amy).get("/amo/reports/").content.decode()
    assert "/amo/reports/poster.pdf" in page
