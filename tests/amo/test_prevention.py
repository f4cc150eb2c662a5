"""Starting themes for the 4-step process, chosen by the organisation's industry code."""

from __future__ import annotations

import pytest
from django.utils import translation

from naervaer.amo.models import Process, Theme
from naervaer.amo.prevention import starting_themes
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "industry", "first"),
    [
        ("881000", "home care and social work", "Emotional demands and workload"),
        ("889100", "day care for children", "Noise"),  # the longer prefix wins over 88
        ("412000", "construction", "Falls from height and on the same level"),
        ("841100", "public administration", "Emotional demands and workload"),
        ("620100", None, "Emotional demands and workload"),  # no match: the general themes
        ("", None, "Emotional demands and workload"),
    ],
)
def test_themes_by_the_longest_matching_prefix(code: str, industry: str | None, first: str) -> None:
    name, themes = starting_themes(code)
    with translation.override("en"):
        assert (str(name) if name else None, str(themes[0].title)) == (industry, first)


def test_the_amo_adds_its_industrys_themes_once(world: World) -> None:
    world.acme.industry_code = "881000"
    world.acme.save()
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    client = client_for(world.amy)
    page = client.get(f"/amo/process/{process.pk}/1/").content.decode()
    assert "Vold, trusler og krænkende adfærd" in page
    client.post(f"/amo/process/{process.pk}/industry-themes/")
    titles = list(Theme.objects.filter(process=process).values_list("title", flat=True))
    assert titles == [
        "Følelsesmæssige krav og arbejdsmængde",
        "Vold, trusler og krænkende adfærd",
        "Forflytning og løft af personer",
    ]
    assert "Første skridt:" in Theme.objects.get(title=titles[1]).description
    client.post(f"/amo/process/{process.pk}/industry-themes/")
    assert Theme.objects.filter(process=process).count() == 3
    assert (
        "Tilføj dem som temaer" not in client.get(f"/amo/process/{process.pk}/1/").content.decode()
    )
    assert (
        client_for(world.alice).post(f"/amo/process/{process.pk}/industry-themes/").status_code
        == 403
    )
