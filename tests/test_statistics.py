"""Statistics through the web and the CLI: per role, and the AMO never sees a group under 5."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django import Settings

from naervaer.absence.services import register_sick
from naervaer.people.models import Person, Unit, User
from tests.conftest import World, client_for, make_person, streamed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date
NOV: dict[str, str | int] = {"from": "2026-11-01", "to": "2026-11-30"}


@pytest.fixture
def staffed(world: World) -> World:
    """Pleje/Nord grows to 7 people (alice, bob and 5 more); Pleje/Syd keeps carol alone.
    Bob is absent 2–6 November (5 of November's 21 working days)."""
    for i in range(5):
        make_person(world.acme, f"20{i}", f"Nord {i}", world.nord)
    register_sick(world.person(world.bob), D(2026, 11, 2), last_day=D(2026, 11, 6), by=world.alice)
    return world


def stats(*argv: str) -> dict[str, Any]:
    """The command's JSON output (parsed JSON is untyped: the tests read into it as they please)."""
    out = StringIO()
    call_command(
        "stats",
        "--org",
        "acme",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        *argv,
        "--json",
        stdout=out,
    )
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_hr_sees_the_organisation_by_area(staffed: World) -> None:
    data = stats()
    # 11 people: alice, bob (30 h), 5 in Nord, carol, dave, hanne (and nobody else employed).
    total = data["total"]
    assert total["people"] == 10
    # Bob: 5 days × 6 hours = 30 absent hours. Agreed: 21 days × (9 × 7.4 + 6) hours. No leave
    # is recorded, so it is estimated: 25 + 5 feriefridage of 2026's 254 working days (261
    # weekdays less 1 Jan, 2, 3 and 6 April, 14 and 25 May, 25 December).
    agreed = 21 * (9 * 7.4 + 6)
    assert total["absence_rate"] == round(100 * 30 / (agreed * (1 - 30 / 254)), 2)
    assert total["leave_estimated"] is True
    assert [g["key"] for g in data["groups"]] == ["Admin", "Pleje"]


def test_drill_down_below_a_unit(staffed: World) -> None:
    data = stats("--unit", "Pleje")
    assert [g["key"] for g in data["groups"]] == ["Pleje", "Pleje/Nord", "Pleje/Syd"]
    nord = next(g for g in data["groups"] if g["key"] == "Pleje/Nord")
    assert nord["people"] == 7 and nord["spells"] == 1


def test_the_amo_never_sees_a_group_under_5(staffed: World) -> None:
    # The organisation (10) minus Pleje (9) would leave hanne alone in Admin, so Pleje is
    # hidden on every page, its drill-down included.
    data = stats("--unit", "Pleje", "--as-role", "amo")
    assert data["total"]["suppressed"] and all(g["suppressed"] for g in data["groups"])
    # With five more in Admin, Pleje is shown; Pleje (9) minus Nord (7) would leave dave and
    # carol, so Nord is hidden with them (the merged group has 9 people).
    for i in range(5):
        make_person(staffed.acme, f"30{i}", f"Admin {i}", staffed.admin_unit)
    data = stats("--unit", "Pleje", "--as-role", "amo")
    by_key = {g["key"]: g for g in data["groups"]}
    assert not data["total"]["suppressed"] and data["total"]["people"] == 9
    assert by_key["Pleje/Syd"] == {"key": "Pleje/Syd", "label": "Syd", "suppressed": True}
    assert by_key["Pleje"]["suppressed"]  # dave alone in the area unit itself
    assert by_key["Pleje/Nord"]["suppressed"]
    # Narrowing the scope to the small unit hides everything, the total included.
    data = stats("--unit", "Pleje/Syd", "--as-role", "amo")
    assert data["total"]["suppressed"] and all(g["suppressed"] for g in data["groups"])


def test_one_hidden_sibling_hides_the_next_smallest_too(staffed: World) -> None:
    # Admin has 1 person (hanne): hidden. Pleje (9) would then give Admin away by subtraction.
    data = stats("--as-role", "amo")
    assert all(g["suppressed"] for g in data["groups"])
    assert not data["total"]["suppressed"]


def test_months_and_bands(staffed: World) -> None:
    months = stats("--by", "month")["groups"]
    assert [m["key"] for m in months] == ["2026-11"]
    bands = {g["key"]: g["share_of_absence"] for g in stats("--by", "band")["groups"]}
    assert bands == {"1-3": 0.0, "4-14": 100.0, "15-56": 0.0, "57+": 0.0}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hanne", 200),
        ("alice", 200),
        ("dave", 200),
        ("amy", 200),
        ("bob", 403),
        ("adam", 403),
        ("olga", 200),
    ],
)
def test_who_sees_statistics(staffed: World, persona: str, status: int) -> None:
    response = client_for(getattr(staffed, persona)).get("/statistics/", NOV)
    assert response.status_code == status
    if persona == "olga":  # HR elsewhere: her own organisation only
        assert (
            "Pleje/Nord" not in response.content.decode()
            and "Nord 1" not in response.content.decode()
        )


def test_a_manager_counts_only_the_people_they_lead(staffed: World) -> None:
    page = client_for(staffed.alice).get("/statistics/", NOV).content.decode()
    assert "6 personer" in page  # bob and the 5 others, not alice herself


def test_the_amo_page_hides_small_groups_whatever_the_filters(staffed: World) -> None:
    client = client_for(staffed.amy)
    syd = Unit.objects.get(path="Pleje/Syd")
    page = client.get("/statistics/", {**NOV, "unit": syd.pk}).content.decode()
    assert "færre end 5 personer" in page
    assert "Carol" not in page
    for params in (
        {"from": "2026-11-02", "to": "2026-11-02"},
        {"from": "2022-01-01", "to": "2026-11-30"},
    ):
        page = client.get("/statistics/", {**params, "unit": str(syd.pk)}).content.decode()
        assert "færre end 5 personer" in page


def test_a_manager_cannot_drill_into_another_unit(staffed: World) -> None:
    syd = Unit.objects.get(path="Pleje/Syd")
    assert client_for(staffed.alice).get("/statistics/", {"unit": syd.pk}).status_code == 404


def test_export_is_danish_csv_for_excel(staffed: World) -> None:
    response = client_for(staffed.hanne).get("/statistics/export.csv", NOV)
    assert response.status_code == 200
    text = streamed(response).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "Opdeling;Gruppe;Personer;Fraværsprocent (%);Fraværsdagsværk;Fraværsperioder;"
        "Fraværsperioder pr. medarbejderår;Ferie skønnet"
    )
    assert any(line.startswith("Enhed;Pleje;") for line in lines)
    assert any(line.startswith("Art;Egen sygdom;") for line in lines)
    assert not any("sickness" in line for line in lines)
    total = next(line for line in lines if line.startswith("Hele organisationen;")).split(";")
    assert "," in total[3] and "." not in total[3]  # decimal comma
    assert total[-1] == "ja"  # no leave recorded in these tests: estimated, and said so
    assert client_for(staffed.hanne).get("/statistics/export.xlsx", NOV).status_code == 200


def test_a_significant_rise_in_short_absence_is_flagged(staffed: World) -> None:
    # Nord: no short absence in November 2025, eight 1-day absences in November 2026.
    nord_people = [p for p in staffed.nord.employments.values_list("person_id", flat=True)]

    people = list(
        Person.objects.filter(pk__in=nord_people).exclude(employee_id__in=["1001", "1002"])
    )
    for i, person in enumerate(people[:4]):
        for day in (D(2026, 11, 10 + i), D(2026, 11, 24 + i)):
            register_sick(person, day, last_day=day, by=staffed.hanne)
    page = (
        client_for(staffed.hanne)
        .get("/statistics/", {**NOV, "unit": staffed.pleje.pk})
        .content.decode()
    )
    assert "steget signifikant" in page and "<strong>Pleje/Nord</strong>" in page
    # A year earlier there was nothing to compare with a rise: no warning for November 2025.
    page = (
        client_for(staffed.hanne)
        .get(
            "/statistics/",
            {"from": "2025-11-01", "to": "2025-11-30", "unit": str(staffed.pleje.pk)},
        )
        .content.decode()
    )
    assert "Ingen enheds korte fravær er steget" in page


def often_sick(staffed: World, who: User) -> Person:
    """Three short spells in six months: the person is due a care conversation (the early
    warning names them to those who may see it)."""
    from naervaer.followup.models import Obligation

    person = staffed.person(who)
    for first, last in [
        (D(2026, 6, 1), D(2026, 6, 2)),
        (D(2026, 8, 10), D(2026, 8, 10)),
        (D(2026, 11, 16), D(2026, 11, 17)),
    ]:
        register_sick(person, first, last_day=last, by=staffed.hanne)
    assert Obligation.objects.filter(
        code="care_conversation", state="open", case__person=person
    ).exists()
    return person


def carol_often_sick(staffed: World) -> Person:
    return often_sick(staffed, staffed.carol)


def test_the_amo_sees_no_names_in_the_early_warning(staffed: World) -> None:
    carol_often_sick(staffed)
    assert (
        "Carol Christensen" in client_for(staffed.hanne).get("/statistics/", NOV).content.decode()
    )
    assert "Carol" not in client_for(staffed.amy).get("/statistics/", NOV).content.decode()


def test_a_drill_down_names_only_its_own_people_in_the_early_warning(staffed: World) -> None:
    from naervaer.people.models import Employment

    carol = carol_often_sick(staffed)
    own = Employment.objects.filter(person=carol).latest("start").unit
    # A unit neither above nor below Carol's.
    other = next(
        u
        for u in Unit.objects.filter(organisation=staffed.acme).order_by("pk")
        if not own.path.startswith(u.path) and not u.path.startswith(own.path)
    )
    assert other is not None
    client = client_for(staffed.hanne)
    mine = client.get("/statistics/", {**NOV, "unit": own.pk}).content.decode()
    theirs = client.get("/statistics/", {**NOV, "unit": other.pk}).content.decode()
    assert "Carol Christensen" in mine
    assert "Carol Christensen" not in theirs


def test_a_drill_down_names_the_people_of_its_whole_sub_tree_in_the_early_warning(
    staffed: World,
) -> None:
    """Carol works in Pleje/Syd: a drill-down into Pleje (the unit above) names her, one into
    Pleje/Nord (beside it) does not; neither does Pleje/Syd once her employment there ended."""
    from naervaer.people.models import Employment

    carol = carol_often_sick(staffed)
    assert Employment.objects.get(person=carol).unit == staffed.syd
    assert staffed.syd.parent is not None
    client = client_for(staffed.hanne)

    def named(unit: Unit) -> bool:
        page = client.get("/statistics/", {**NOV, "unit": unit.pk}).content.decode()
        return "Carol Christensen" in page

    assert named(staffed.syd.parent)
    assert named(staffed.syd)
    assert not named(staffed.nord)
    Employment.objects.filter(person=carol).update(end=D(2026, 11, 17))
    assert not named(staffed.syd)


def test_the_rest_of_the_early_warnings_names_is_sent_only_when_asked(
    staffed: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard names the first people due a care conversation; the rest are sent (and
    their reading audited) only when the reader opens the list, and never to the AMO."""
    from naervaer.audit.models import AuditEvent
    from naervaer.statistics import views

    monkeypatch.setattr(views, "CARE_SHOWN", 1)
    names = {often_sick(staffed, staffed.carol).name, often_sick(staffed, staffed.bob).name}
    AuditEvent.objects.all().delete()
    hr = client_for(staffed.hanne)
    page = hr.get("/statistics/", NOV).content.decode()
    first = {name for name in names if name in page}
    assert len(first) == 1 and "2 personer opfylder" in page and "Vis 1 mere" in page
    assert (
        set(
            AuditEvent.objects.get(detail__contains="early warning").subjects.values_list(
                "name", flat=True
            )
        )
        == first
    )
    rest = hr.get("/statistics/care/", NOV).content.decode()
    assert {name for name in names if name in rest} == names - first
    assert AuditEvent.objects.filter(detail__contains="early warning").count() == 2
    # A drill-down's list holds only its own people: Pleje/Syd is Carol's alone.
    syd = hr.get("/statistics/care/", {**NOV, "unit": staffed.syd.pk}).content.decode()
    assert syd.count("<li>") == 0  # her name is the one shown first; nobody is left
    # Alice leads Pleje/Nord: Bob only, shown on the page, so nothing more to send.
    assert "<li>" not in client_for(staffed.alice).get("/statistics/care/", NOV).content.decode()
    for denied in (staffed.amy, staffed.carol):
        assert client_for(denied).get("/statistics/care/", NOV).status_code == 403


def test_rebuild_from_the_command_line(staffed: World) -> None:
    from naervaer.statistics.models import BuiltMonth

    out = StringIO()
    call_command("stats", "--org", "acme", "--rebuild", stdout=out)
    assert out.getvalue().startswith("Built ")
    assert BuiltMonth.objects.filter(organisation=staffed.acme, month=D(2026, 11, 1)).exists()
    # The AMO's decisions of every built month, made now; then none is left to make.
    built = BuiltMonth.objects.filter(organisation=staffed.acme)
    for expected in (built.count(), 0):
        out = StringIO()
        call_command("stats", "--org", "acme", "--decide", stdout=out)
        assert out.getvalue() == f"{expected} months of acme decided.\n"
    assert not built.filter(decision__isnull=True).exists()


def test_the_organisation_is_compared_like_with_like(
    staffed: World, tmp_path: Path, settings: Settings
) -> None:
    settings.NAERVAER_VAR_DIR = str(tmp_path)
    settings.VAR_DIR = tmp_path
    year = {"from": "2025-12-01", "to": "2026-11-30"}
    # No sector: the whole labour market (DST 2022, own sickness), and the page says so.
    page = client_for(staffed.hanne).get("/statistics/", year).content.decode()
    assert "Sammenlignet med Hele arbejdsmarkedet" in page and "11,0 dage i 2022" in page
    assert "uden arbejdsulykker" in page and "Angiv organisationens sektor" in page
    assert "branchen" not in page
    # Acme is a municipality: compared with municipalities (KRL via KL, 2022, incl. work injury).
    staffed.acme.sector = "municipality"
    staffed.acme.save()
    page = client_for(staffed.hanne).get("/statistics/", year).content.decode()
    assert "Sammenlignet med Kommunerne" in page and "16,1 dage i 2022" in page
    assert "egen sygdom og arbejdsulykker" in page and "på niveau:" in page
    assert "Kommunernes og Regionernes Løndatakontor" in page
    # A job group with a published figure gets its own line.
    bob = staffed.person(staffed.bob).employments.get()
    bob.job_group = "Social- og sundhedspersonale"
    bob.save()
    page = client_for(staffed.hanne).get("/statistics/", year).content.decode()
    assert "/statistics/job-groups/" in page  # loaded after the page
    fragment = client_for(staffed.hanne).get("/statistics/job-groups/", year).content.decode()
    assert "Social- og sundhedspersonale" in fragment and "19,7 (2023) *" in fragment
    # The AMO does not see a job group of one.
    fragment = client_for(staffed.amy).get("/statistics/job-groups/", year).content.decode()
    assert "Social- og sundhedspersonale" not in fragment
    # Not over a period that is not a year.
    assert (
        "Sammenlignet med"
        not in client_for(staffed.hanne).get("/statistics/", NOV).content.decode()
    )
    # An operator loads newer figures.
    header = (
        "source;published;year;sector;industry;db07_prefixes;job_group;causes;measure;value;"
        "confirmed;url;note\n"
    )
    path = Path(str(tmp_path)) / "new.csv"
    path.write_text(
        header + "KRL, Sygefravær i kommunerne;2026-05-01;2025;municipality;Kommuner i 2025;;;"
        "sickness_incl_work_injury;rate;5,9;yes;https://krl.dk;\n",
        encoding="utf-8",
    )
    call_command("benchmarks", "load", str(path), stdout=StringIO())
    page = client_for(staffed.hanne).get("/statistics/", year).content.decode()
    assert "Kommuner i 2025 havde 5,9 % i 2025" in page


@pytest.mark.parametrize(
    ("sector", "industry", "expected"),
    [
        # A private manufacturer: DA's manufacturing rate, 2023, own sickness without work
        # accidents.
        ("private", "251100", "Fremstilling havde 3,8 % i 2023"),
        # A private firm outside DA's industries: DA's whole area, 2024.
        ("private", "861000", "DA-området havde 3,8 % i 2024"),
        # The state: DST's state sector, 2021.
        ("state", "841100", "Staten havde 7,7 dage i 2021"),
    ],
)
def test_a_firm_is_compared_with_its_industry_and_falls_back_to_its_sector(
    staffed: World, tmp_path: Path, settings: Settings, sector: str, industry: str, expected: str
) -> None:
    settings.VAR_DIR = tmp_path
    staffed.acme.sector, staffed.acme.industry_code = sector, industry
    staffed.acme.save()
    page = (
        client_for(staffed.hanne)
        .get("/statistics/", {"from": "2025-12-01", "to": "2026-11-30"})
        .content.decode()
    )
    assert expected in page
    assert "uden arbejdsulykker" in page and "Hele arbejdsmarkedet" not in page


def test_a_bad_benchmark_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    from django.core.management import CommandError

    settings.VAR_DIR = tmp_path
    path = Path(str(tmp_path)) / "bad.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="header"):
        call_command("benchmarks", "load", str(path))


def test_the_heat_map(staffed: World) -> None:
    page = client_for(staffed.hanne).get("/statistics/calendar/", NOV).content.decode()
    # Bob (6 of the organisation's 9 × 7.4 + 6 = 72.6 daily hours) is absent 2–6 November.
    assert 'title="02.11.2026: 8,3 %"' in page
    assert 'title="09.11.2026: 0,0 %"' in page
    amy = client_for(staffed.amy)
    syd = Unit.objects.get(path="Pleje/Syd")
    page = amy.get("/statistics/calendar/", {**NOV, "unit": syd.pk}).content.decode()
    assert "færre end 5 personer" in page and "title=" not in page
    assert client_for(staffed.bob).get("/statistics/calendar/").status_code == 403


def test_by_quarter(staffed: World) -> None:
    out = StringIO()
    call_command(
        "stats",
        "--org",
        "acme",
        "--from",
        "2026-10-01",
        "--to",
        "2026-12-31",
        "--by",
        "quarter",
        "--json",
        stdout=out,
    )
    [quarter] = json.loads(out.getvalue())["groups"]
    assert quarter["key"] == "2026-K4" and quarter["spells"] == 1


def test_names_in_the_early_warning_are_audited(staffed: World) -> None:
    from naervaer.audit.models import AuditEvent

    carol = staffed.person(staffed.carol)
    for first, last in [
        (D(2026, 6, 1), D(2026, 6, 2)),
        (D(2026, 8, 10), D(2026, 8, 10)),
        (D(2026, 11, 16), D(2026, 11, 17)),
    ]:
        register_sick(carol, first, last_day=last, by=staffed.hanne)
    client_for(staffed.dave).get("/statistics/", NOV)
    assert AuditEvent.objects.filter(detail="early warning", subjects=carol).exists()


def test_the_top_5_percent_and_the_quarters(staffed: World) -> None:
    year = {"from": "2025-12-01", "to": "2026-11-30"}
    calendar = client_for(staffed.hanne).get("/statistics/calendar/", year).content.decode()
    # Bob carries all the absence: the 1 person with most absence carries 100 %.
    assert "står for 100 % af alt fravær" in calendar
    # The AMO does not see it: the top 5 % of 10 people is one person.
    calendar = client_for(staffed.amy).get("/statistics/calendar/", year).content.decode()
    assert "af alt fravær" not in calendar
    page = client_for(staffed.hanne).get("/statistics/", year).content.decode()
    assert "Pr. kvartal" in page and "2026-K4" in page


def test_hr_sets_the_sector_and_feriefridage(staffed: World) -> None:
    client = client_for(staffed.hanne)
    assert "Sammenligning og ferie" in client.get("/statistics/settings/").content.decode()
    response = client.post(
        "/statistics/settings/",
        {"sector": "municipality", "industry_code": "841100", "extra_holiday_days": "0"},
    )
    assert response.status_code == 302
    staffed.acme.refresh_from_db()
    assert (staffed.acme.sector, staffed.acme.extra_holiday_days) == ("municipality", 0)
    # With no feriefridage the estimate is the holiday act's 25 days alone.
    assert stats()["total"]["absence_rate"] == round(
        100 * 30 / (21 * (9 * 7.4 + 6) * (1 - 25 / 254)), 2
    )
    # A bad industry code is refused and changes nothing.
    client.post("/statistics/settings/", {"sector": "state", "industry_code": "84x"})
    staffed.acme.refresh_from_db()
    assert staffed.acme.sector == "municipality"
    assert client_for(staffed.alice).get("/statistics/settings/").status_code == 403


def test_a_managers_figures_read_only_her_peoples_absence(staffed: World) -> None:
    """Carol (Syd, not led by alice) is absent too: the manager's figures must not even read her
    spell, so the page's cost follows the team, not the organisation (issue 14)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from naervaer.access import people_managed_by, viewer_for
    from naervaer.statistics.selectors import Scope, _load

    register_sick(
        staffed.person(staffed.carol), D(2026, 11, 9), last_day=D(2026, 11, 10), by=staffed.hanne
    )
    team = set(people_managed_by(viewer_for(staffed.alice)).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        data = _load(Scope(staffed.acme.pk, team), D(2026, 11, 1), D(2026, 11, 30))
    assert set(data.spells) == {staffed.person(staffed.bob).pk}
    spell_queries = [q["sql"] for q in queries if 'FROM "absence_absencespell"' in q["sql"]]
    assert spell_queries
    carol = staffed.person(staffed.carol).pk
    for sql in spell_queries:
        # The spells are chosen by the scope's people in the database, never read and dropped:
        # by the ids of the people employed in it (``naervaer.idsets``), Carol not among them.
        found = re.search(r"json_each\('\[([\d, ]*)\]'\)|ANY\('\{([\d,]*)\}'", sql)
        assert found is not None, sql
        ids = {int(i) for i in (found.group(1) or found.group(2)).replace(" ", "").split(",")}
        assert staffed.person(staffed.bob).pk in ids and carol not in ids


def test_a_head_of_areas_figures_read_through_her_units_are_her_peoples(
    staffed: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``HOME_FROM`` people a manager's figures are read through the units she leads
    (``Scope.home``); they are the same figures as her people's own rows give."""
    from naervaer.statistics import views

    register_sick(
        staffed.person(staffed.carol), D(2026, 11, 9), last_day=D(2026, 11, 10), by=staffed.hanne
    )

    def figures() -> list[tuple[str, int, float, float]]:
        page = client_for(staffed.dave).get("/statistics/", NOV)
        groups = [page.context["total"], *(b["group"] for b in page.context["units"])]
        return [
            (
                g.key,
                g.figures.people,
                round(g.figures.absent_hours, 9),
                round(g.figures.possible_hours, 9),
            )
            for g in groups
        ]

    own_rows = figures()
    assert own_rows[0][2] > 0  # Bob's and Carol's absence
    monkeypatch.setattr(views, "HOME_FROM", 0)
    assert figures() == own_rows
