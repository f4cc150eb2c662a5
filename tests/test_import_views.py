"""Import and export through the web: HR only, errors shown by row, large files in the background."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import Settings

from naervaer.importexport.models import ImportJob
from naervaer.people.models import Person
from tests.conftest import ClientResponse, World, client_for, streamed

GOOD = "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n" + "".join(
    f"2{i:03d};Person {i};Pleje/Vest;;32,5;01-02-2024;\n" for i in range(5)
)
BAD = (
    "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
    "2000;Ny Medarbejder;Pleje/Vest;;37;01-02-2024;\n"
    "2001;Uden Dato;Pleje/Vest;;37;31-02-2024;\n"
    "2002;For Mange Timer;Pleje/Vest;;370;01-02-2024;\n"
)


def upload(client: Client, kind: str, text: str, name: str = "medarbejdere.csv") -> ClientResponse:
    file = SimpleUploadedFile(name, text.encode("cp1252"), content_type="text/csv")
    return client.post("/import/", {"kind": kind, "file": file})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("hanne", 200), ("alice", 403), ("amy", 403), ("adam", 403)]
)
def test_only_hr_imports_and_exports(world: World, persona: str, status: int) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/import/").status_code == status
    assert client.get("/export/employees.csv").status_code == status
    assert client.get("/export/absences.xlsx").status_code == status


@pytest.mark.django_db
def test_a_good_file_is_imported_and_reported(world: World) -> None:
    client = client_for(world.hanne)
    response = upload(client, "employees", GOOD)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.uploaded_by) == ("done", 5, world.hanne)
    page = client.get(response["Location"]).content.decode()
    assert "5 oprettet" in page
    assert Person.objects.filter(organisation=world.acme, employee_id__startswith="2").count() == 5


@pytest.mark.django_db
def test_a_bad_file_lists_every_error_by_row_and_imports_nothing(world: World) -> None:
    client = client_for(world.hanne)
    response = upload(client, "employees", BAD)
    page = client.get(response["Location"]).content.decode()
    assert "Intet blev importeret: 2 fejl" in page
    assert '<td class="num">3</td>' in page and '<td class="num">4</td>' in page
    assert not Person.objects.filter(employee_id="2000").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_table_is_explained(world: World) -> None:
    client = client_for(world.hanne)
    file = SimpleUploadedFile("fravaer.xlsx", b"not a workbook")
    response = client.post("/import/", {"kind": "absences", "file": file})
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors[0]["row"] == 0
    assert "Excel" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_hr_cannot_open_another_organisations_import(world: World) -> None:
    upload(client_for(world.olga), "employees", GOOD)
    job = ImportJob.objects.get()
    assert client_for(world.hanne).get(f"/import/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_export_as_excel_has_the_import_columns(world: World) -> None:
    response = client_for(world.hanne).get("/export/employees.xlsx")
    sheet = load_workbook(filename=io.BytesIO(streamed(response))).active
    assert isinstance(sheet, Worksheet)
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["employee_id", "name", "unit"]
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Bob Bendtsen" in names and "Oscar Olsen" not in names


@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_a_worker_imports_with_progress(
    world: World, settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(world.hanne)
    response = upload(client, "employees", GOOD)
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows) == ("queued", 0)  # not even parsed in the request
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="job"') and "hx-trigger" in fragment
    assert "Venter på" in fragment

    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.created, job.processed_rows) == ("done", 5, 5)
    assert bytes(job.data) == b""  # the file (health data) is gone once imported
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment  # polling stops when the job is done
