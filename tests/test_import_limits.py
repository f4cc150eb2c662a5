"""Import as a weapon no more: each finding of the outside probe (issue 12) as a test.

Every file here was accepted, crashed the server or lied about its result before; now each is
refused with a Danish message naming the row, and nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import Settings

from naervaer.importexport.importers import ImportResult, import_absences, import_employees
from naervaer.importexport.models import ImportJob
from naervaer.importexport.tabular import FileProblem, read_table
from naervaer.people.models import Organisation, Person, Unit
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
HEADER = "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"


@pytest.fixture
def org() -> Organisation:
    return Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")


def employees(org: Organisation, *rows: str) -> ImportResult:
    return import_employees(org, read_table((HEADER + "\n".join(rows)).encode(), "m.csv"))


def only_error(result: ImportResult) -> tuple[int, str]:
    assert len(result.errors) == 1, result.errors
    return result.errors[0].row, result.errors[0].message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("1;" + "N" * 5000 + ";Pleje;;37;01-01-2024;", "5000 tegn er for langt; højst 200."),
        ("1;Ane\x00;Pleje;;37;01-01-2024;", "kontroltegn eller usynlige retningstegn"),
        ("1;\u202eevlA\u202c;Pleje;;37;01-01-2024;", "kontroltegn eller usynlige retningstegn"),
        ("1;Ane;Pleje\u2067x;;37;01-01-2024;", "kontroltegn eller usynlige retningstegn"),
        ("1" * 41 + ";Ane;Pleje;;37;01-01-2024;", "41 tegn er for langt; højst 40."),
        (
            "1;Ane;" + "/".join(["E"] * 600) + ";;37;01-01-2024;",
            "1199 tegn er for langt; højst 1000",
        ),
        ("1;Ane;" + "/".join(["E"] * 21) + ";;37;01-01-2024;", "21 niveauer; højst 20"),
        ("1;Ane;" + "E" * 121 + ";;37;01-01-2024;", "højst 120 tegn"),
        ("1;Ane;Pleje;;37;0001-01-01;", "01-01-0001 ligger ikke mellem 1900 og 2100"),
        ("1;Ane;Pleje;;37;01-01-2024;9999-12-31", "31-12-9999 ligger ikke mellem 1900 og 2100"),
        ("1;Ane;Pleje;;37,555;01-01-2024;", "højst to decimaler"),
    ],
)
def test_values_the_database_cannot_hold_or_that_hide_text_are_refused_by_row(
    org: Organisation, row: str, expected: str
) -> None:
    result = employees(org, row)
    number, message = only_error(result)
    assert number == 2 and expected in message
    assert not Person.objects.exists() and not Unit.objects.exists()


def test_absence_dates_outside_1900_2100_are_refused(org: Organisation) -> None:
    assert employees(org, "1;Ane;Pleje;;37;01-01-2024;").ok
    text = "employee_id;first_day;last_day;percent;kind\n1;9999-01-01;;100;sygdom\n"
    result = import_absences(org, read_table(text.encode(), "f.csv"))
    assert "ligger ikke mellem 1900 og 2100" in only_error(result)[1]


def test_a_csv_field_beyond_128_kib_is_a_message_not_a_server_error(world: World) -> None:
    text = HEADER + '1;"' + "x" * (200 * 1024) + '";Pleje;;37;01-01-2024;\n'
    with pytest.raises(FileProblem, match="Række 2 kan ikke læses"):
        read_table(text.encode(), "m.csv")
    upload = SimpleUploadedFile("m.csv", text.encode(), content_type="text/csv")
    response = client_for(world.hanne).post("/import/", {"kind": "employees", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "failed" and "Række 2 kan ikke læses" in job.errors[0]["message"]


def test_more_rows_than_the_limit_are_refused(org: Organisation, settings: Settings) -> None:
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"{i};P {i};Pleje;;37;01-01-2024;\n" for i in range(4))
    with pytest.raises(FileProblem, match="mere end 3 rækker"):
        read_table((HEADER + rows).encode(), "m.csv")
    with pytest.raises(FileProblem, match="mere end 3 rækker"):
        read_table(xlsx([r.split(";") for r in rows.splitlines()]), "m.xlsx")


def test_errors_are_capped_with_a_note_of_the_rest(org: Organisation, settings: Settings) -> None:
    settings.IMPORT_MAX_ERRORS = 5
    result = employees(org, *(f"{i};;Pleje;;37;01-01-2024;" for i in range(20)))
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6, 0]
    assert "15 fejl mere" in result.errors[-1].message


def xlsx(rows: Sequence[Sequence[object]], header: bool = True) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    if header:
        sheet.append(HEADER.strip().split(";"))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension(data: bytes, ref: str) -> bytes:
    """The same workbook with the sheet's declared size replaced, as some tools write it."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content
                )
                assert n == 1
            out.writestr(item, content)
    return target.getvalue()


@pytest.mark.parametrize("declared", ["A1:G1", "A1", "A1:G100000"])
def test_an_xlsx_is_read_as_it_is_not_as_its_header_declares(
    org: Organisation, declared: str
) -> None:
    rows = [[str(i), f"P {i}", "Pleje", None, 37, "01-01-2024", None] for i in range(1, 6)]
    data = with_dimension(xlsx(rows), declared)
    table = read_table(data, "m.xlsx")
    assert [n for n, _v in table.rows] == [2, 3, 4, 5, 6]
    assert import_employees(org, table).created == 5


def test_a_header_without_rows_is_not_a_successful_import(org: Organisation) -> None:
    result = import_employees(org, read_table(xlsx([]), "m.xlsx"))
    assert only_error(result) == (
        0,
        "Filen har en overskrift, men ingen rækker: intet at importere.",
    )


def test_an_xlsx_that_inflates_beyond_the_limit_is_refused_before_it_is_unpacked(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small file of highly compressible rows: the probe's 827 KB became a million rows.
    data = xlsx([["1", "x" * 1000, "Pleje", None, 37, "01-01-2024", None]] * 2000)
    assert len(data) < 100_000
    settings.IMPORT_MAX_INFLATED_BYTES = 1024**2

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to unpack the bomb")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(FileProblem, match="pakkes ud til 2 MB, mere end de 1 MB"):
        read_table(data, "bomb.xlsx")


def test_a_zip_that_lies_about_its_sizes_is_not_inflated_beyond_them() -> None:
    """zipfile stops at a part's declared size (and the CRC then fails): the check holds."""
    data = xlsx([["1", "x" * 1000, "Pleje", None, 37, "01-01-2024", None]] * 200)
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    info.file_size = 100  # what a forged directory would declare
    with pytest.raises(zipfile.BadZipFile), archive.open(info) as part:
        part.read()
