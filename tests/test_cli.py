"""The ``naervaer`` commands an operator runs."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from naervaer.absence.models import AbsenceSpell
from naervaer.audit.models import Action, AuditEvent
from naervaer.people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_org_add_validates_the_cvr_check_digit() -> None:
    out = StringIO()
    call_command(
        "org",
        "add",
        "aarhus",
        "--name",
        "Aarhus Kommune",
        "--cvr",
        "55133018",
        "--industry",
        "841100",
        stdout=out,
    )
    org = Organisation.objects.get(slug="aarhus")
    assert (org.name, org.cvr, org.industry_code, org.kind) == (
        "Aarhus Kommune",
        "55133018",
        "841100",
        "employer",
    )
    with pytest.raises(CommandError, match="CVR"):
        call_command("org", "add", "bad", "--name", "Bad", "--cvr", "55133019")
    with pytest.raises(CommandError, match="DB07"):
        call_command(
            "org", "add", "bad2", "--name", "Bad", "--cvr", "29189420", "--industry", "8411x"
        )
    assert not Organisation.objects.filter(slug__startswith="bad").exists()


def test_org_add_accepts_a_job_centre() -> None:
    call_command(
        "org", "add", "jc", "--name", "Jobcenter", "--cvr", "29189420", "--kind", "jobcentre"
    )
    assert Organisation.objects.get(slug="jc").kind == Organisation.Kind.JOBCENTRE


def test_import_commands_and_exit_code_on_bad_input(tmp_path: Path) -> None:
    call_command("org", "add", "kom", "--name", "Kommunen", "--cvr", "55133018")
    employees = tmp_path / "employees.csv"
    employees.write_text(
        "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
        "1;Anna;Skole;;37;01-01-2020;\n2;Bo;Skole;1;30,5;01-01-2021;\n",
        encoding="cp1252",
    )
    out = StringIO()
    call_command("import", "employees", str(employees), "--org", "kom", "--no-progress", stdout=out)
    assert "2 created" in out.getvalue()

    absences = tmp_path / "absences.csv"
    absences.write_text(
        "employee_id,first_day,last_day,percent,kind\n2,2026-03-02,2026-03-04,100,sickness\n"
        "3,2026-03-02,,100,sickness\n2,2026-03-03,2026-03-05,100,sickness\n"
    )
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import", "absences", str(absences), "--org", "kom", "--no-progress", stderr=err
        )
    assert "row 3" in err.getvalue()  # unknown employee 3
    assert "row 2" in err.getvalue() and "row 4" in err.getvalue()  # the overlapping pair
    assert not AbsenceSpell.objects.exists()

    absences.write_text(
        "employee_id,first_day,last_day,percent,kind\n2,2026-03-02,2026-03-04,100,sickness\n"
    )
    call_command("import", "absences", str(absences), "--org", "kom", "--no-progress", stdout=out)
    assert AbsenceSpell.objects.get().person == Person.objects.get(employee_id="2")


def test_import_unknown_org_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import", "employees", str(tmp_path / "x.csv"), "--org", "nope")
    call_command("org", "add", "kom", "--name", "Kommunen", "--cvr", "55133018")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "employees", str(tmp_path / "x.csv"), "--org", "kom")


def test_export_command_writes_the_import_format(tmp_path: Path) -> None:
    call_command("demo", "--employees", "40", "--years", "1", "--no-logins", stdout=StringIO())
    target = tmp_path / "absences.xlsx"
    call_command("export", "absences", "--org", "demo", "--format", "xlsx", "-o", str(target))
    assert target.read_bytes()[:2] == b"PK"
    assert AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_console_script_runs_django_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from naervaer.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--help"])
    assert exit_info.value.code == 0
    assert "employees" in capsys.readouterr().out


def test_user_add_makes_the_first_administrator(monkeypatch: pytest.MonkeyPatch) -> None:
    call_command("org", "add", "aarhus", "--name", "Aarhus Kommune", "--cvr", "55133018")
    monkeypatch.setattr("sys.stdin", StringIO("a-long-enough-secret-42\n"))
    call_command(
        "user", "add", "it-chef", "--org", "aarhus", "--role", "admin", "--role", "hr",
        "--password-stdin", stdout=StringIO(),
    )  # fmt: skip
    from naervaer.people.models import User

    user = User.objects.get(username="it-chef")
    org = user.organisation
    assert (
        org is not None and org.slug == "aarhus" and user.check_password("a-long-enough-secret-42")
    )
    assert set(user.roles.values_list("kind", flat=True)) == {"admin", "hr"}
    out = StringIO()
    call_command("user", "list", "--org", "aarhus", stdout=out)
    assert out.getvalue().startswith("it-chef\tadmin,hr\tactive")


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["--org", "nowhere"], "a-long-enough-secret-42\n", "No organisation"),
        (["--org", "aarhus"], "123\n", "for kort"),
        (["--org", "aarhus", "--employee-id", "999"], "a-long-enough-secret-42\n", "No employee"),
    ],
)
def test_user_add_refuses_bad_input(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str, message: str
) -> None:
    call_command("org", "add", "aarhus", "--name", "Aarhus Kommune", "--cvr", "55133018")
    monkeypatch.setattr("sys.stdin", StringIO(stdin))
    with pytest.raises(CommandError, match=message):
        call_command("user", "add", "x", *argv, "--password-stdin")
    from naervaer.people.models import User

    assert not User.objects.filter(username="x").exists()


def test_org_sector_and_feriefridage_are_set_and_checked() -> None:
    call_command(
        "org", "add", "kom", "--name", "Kommunen", "--cvr", "55133018", "--sector", "municipality",
        stdout=StringIO(),
    )  # fmt: skip
    org = Organisation.objects.get(slug="kom")
    assert (org.sector, org.extra_holiday_days) == ("municipality", 5)
    call_command(
        "org", "set", "kom", "--feriefridage", "0", "--industry", "841100", stdout=StringIO()
    )
    org.refresh_from_db()
    assert (org.sector, org.extra_holiday_days, org.industry_code) == ("municipality", 0, "841100")
    with pytest.raises(CommandError):
        call_command("org", "set", "kom", "--feriefridage", "99")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("org", "set", "nowhere", "--sector", "state")
