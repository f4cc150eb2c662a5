"""Problem reports that nobody can flood, time or link to a reporter (issue 12, point 7):
the AMO sees the day only, filing and code look-ups are rate-limited per address and per poster
link, the poster link can be renewed, and receipt codes stay out of calendars."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from naervaer.amo import services
from naervaer.amo.agenda import amo_deadlines
from naervaer.amo.models import ProblemReport
from naervaer.amo.views.reports import LOOKUPS_PER_ADDRESS, REPORTS_PER_ADDRESS, REPORTS_PER_LINK
from naervaer.clientip import client_ip
from naervaer.followup.calendar_feed import feed_for
from tests.conftest import World, client_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    # 14:37 on Wednesday 18 November 2026, Copenhagen time.
    pytest.mark.frozen_at(dt.datetime(2026, 11, 18, 13, 37, tzinfo=dt.UTC)),
]


def limit(rate: str) -> int:
    return int(rate.split("/")[0])


def phone(address: str = "10.0.0.7") -> Client:
    return Client(REMOTE_ADDR=address)


def test_the_amo_sees_the_day_of_an_anonymous_report_never_the_minute(world: World) -> None:
    link = services.report_link(world.acme)
    phone().post(f"/report/{link.token}/", {"what": "Stigen på lageret er løs"})
    report = ProblemReport.objects.get()
    # Not even stored: the time of day is gone.
    assert timezone.localtime(report.created_at).time() == dt.time(0, 0)
    assert timezone.localdate(report.created_at) == dt.date(2026, 11, 18)
    amy = client_for(world.amy)
    for page in (f"/amo/reports/{report.pk}/", "/amo/reports/"):
        html = amy.get(page).content.decode()
        assert "14.37" not in html and "14:37" not in html
        assert "18" in html and "2026" in html


def test_filing_is_limited_per_address(world: World) -> None:
    link = services.report_link(world.acme)
    client = phone()
    for i in range(limit(REPORTS_PER_ADDRESS)):
        assert client.post(f"/report/{link.token}/", {"what": f"Problem {i}"}).status_code == 200
    refused = client.post(f"/report/{link.token}/", {"what": "Endnu et"})
    assert refused.status_code == 429
    assert "Vent lidt" in refused.content.decode()
    assert ProblemReport.objects.count() == limit(REPORTS_PER_ADDRESS)
    # Someone else, at another address, can still report.
    assert phone("10.0.0.8").post(f"/report/{link.token}/", {"what": "Støj"}).status_code == 200


def test_filing_is_limited_per_link_whatever_the_address(world: World) -> None:
    link = services.report_link(world.acme)
    per_address = limit(REPORTS_PER_ADDRESS)
    for i in range(limit(REPORTS_PER_LINK)):
        address = f"10.0.{i // per_address}.{i % per_address + 1}"
        assert phone(address).post(f"/report/{link.token}/", {"what": f"P{i}"}).status_code == 200
    refused = phone("10.9.9.9").post(f"/report/{link.token}/", {"what": "Endnu et"})
    assert refused.status_code == 429
    assert ProblemReport.objects.count() == limit(REPORTS_PER_LINK)
    # Another organisation's poster is not affected.
    other = services.report_link(world.other)
    assert phone("10.9.9.9").post(f"/report/{other.token}/", {"what": "Træk"}).status_code == 200


def test_looking_up_receipt_codes_is_limited_per_address(world: World) -> None:
    client = phone()
    for _i in range(limit(LOOKUPS_PER_ADDRESS)):
        assert client.get("/report/status/", {"code": "AAAA-BBBB"}).status_code == 200
    refused = client.get("/report/status/", {"code": "AAAA-BBBC"})
    assert refused.status_code == 429
    assert "Vent lidt" in refused.content.decode()
    assert phone("10.0.0.8").get("/report/status/", {"code": "AAAA-BBBB"}).status_code == 200


def test_the_poster_link_is_renewed_from_the_amo_page(world: World) -> None:
    old = services.report_link(world.acme).token
    response = client_for(world.amy).post("/amo/reports/", {"action": "renew_link"})
    assert response.status_code == 302
    new = services.report_link(world.acme).token
    assert new != old
    assert phone().get(f"/report/{old}/").status_code == 404
    assert phone().post(f"/report/{old}/", {"what": "Gammel plakat"}).status_code == 404
    assert phone().get(f"/report/{new}/").status_code == 200
    assert not ProblemReport.objects.exists()
    assert new in client_for(world.amy).get("/amo/reports/").content.decode()


@pytest.mark.parametrize("persona", ["bob", "alice", "oscar"])
def test_only_the_amo_and_hr_renew_the_link(world: World, persona: str) -> None:
    old = services.report_link(world.acme).token
    response = client_for(getattr(world, persona)).post("/amo/reports/", {"action": "renew_link"})
    assert response.status_code in (403, 404)
    assert services.report_link(world.acme).token == old


def test_a_receipt_code_never_appears_in_a_calendar(world: World) -> None:
    link = services.report_link(world.acme)
    phone().post(f"/report/{link.token}/", {"what": "Stigen på lageret er løs"})
    report = ProblemReport.objects.get()
    report.responsible = world.amy
    report.follow_up_on = dt.date(2026, 11, 25)
    report.save()
    [item] = [i for i in amo_deadlines(world.amy, None) if i.uid.startswith("amo-report")]
    assert report.code not in item.title and "Stigen" in item.title
    feed = Client().get(f"/calendar/{feed_for(world.amy).token}.ics").content.decode()
    assert "Stigen" in feed and report.code not in feed


def test_behind_the_proxy_the_limit_counts_the_client_not_the_proxy() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"  # the forged first entry is ignored
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"
