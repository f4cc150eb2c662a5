"""Import of employees and absence: every kind of bad row, Danish file habits, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.exports import Sheet, csv_bytes, xlsx_bytes
from naervaer.importexport.exporters import COLUMNS, absence_rows, employee_rows
from naervaer.importexport.importers import ImportResult, import_absences, import_employees
from naervaer.importexport.tabular import read_table
from naervaer.people.models import Employment, Organisation, Person, Unit, UnitLeadership

pytestmark = pytest.mark.django_db

EMPLOYEES = """employee_id,name,unit,manager_id,weekly_hours,employment_start,employment_end
100,Birthe Ærbødig,Ældreplejen,,37,2015-01-01,
101,Søren Østergård,Ældreplejen/Hjemmeplejen Nord,100,37,2018-03-01,
102,Åse Ågård,Ældreplejen/Hjemmeplejen Nord,101,28.5,2019-08-15,
103,Jens Jensen,Ældreplejen/Hjemmeplejen Syd,100,30,2020-01-01,2026-06-30
"""


@pytest.fixture
def org() -> Organisation:
    return Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")


def run_employees(
    org: Organisation, text: str | bytes, name: str = "employees.csv"
) -> ImportResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_employees(org, read_table(data, name))


def run_absences(org: Organisation, text: str | bytes, name: str = "absences.csv") -> ImportResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_absences(org, read_table(data, name))


def snapshot() -> tuple[object, ...]:
    """Everything an import may write, to prove a failed import wrote nothing."""
    return (
        list(Person.objects.values_list("employee_id", "name").order_by("pk")),
        list(Unit.objects.values_list("path", flat=True).order_by("pk")),
        list(
            Employment.objects.values_list(
                "person_id", "unit_id", "weekly_hours", "start", "end"
            ).order_by("pk")
        ),
        list(UnitLeadership.objects.values_list("person_id", "unit_id").order_by("pk")),
        list(
            AbsenceSpell.objects.values_list("person_id", "first_day", "last_day", "kind").order_by(
                "pk"
            )
        ),
        list(AbsenceDegree.objects.values_list("spell_id", "from_day", "percent").order_by("pk")),
    )


@pytest.fixture
def staffed(org: Organisation) -> Organisation:
    assert run_employees(org, EMPLOYEES).ok
    return org


# --- Employees ---------------------------------------------------------------------------


def test_employees_create_units_people_and_leadership(org: Organisation) -> None:
    result = run_employees(org, EMPLOYEES)
    assert result.ok, result.errors
    assert result.created == 4
    assert set(Unit.objects.values_list("path", flat=True)) == {
        "Ældreplejen",
        "Ældreplejen/Hjemmeplejen Nord",
        "Ældreplejen/Hjemmeplejen Syd",
    }
    aase = Person.objects.get(employee_id="102")
    assert aase.name == "Åse Ågård"
    assert aase.employments.get().weekly_hours == Decimal("28.5")
    leaders = {(lp.person.employee_id, lp.unit.path) for lp in UnitLeadership.objects.all()}
    # 100 manages people in Ældreplejen's sub-units: one leadership of the sub-units through
    # Ældreplejen is not written, since 100 is named for Hjemmeplejen Syd and Nord directly.
    assert ("101", "Ældreplejen/Hjemmeplejen Nord") in leaders
    assert ("100", "Ældreplejen/Hjemmeplejen Syd") in leaders


def test_importing_the_same_file_twice_changes_nothing(org: Organisation) -> None:
    assert run_employees(org, EMPLOYEES).ok
    before = snapshot()
    again = run_employees(org, EMPLOYEES)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_employee_update_changes_hours_and_end(org: Organisation) -> None:
    assert run_employees(org, EMPLOYEES).ok
    changed = EMPLOYEES.replace(
        "102,Åse Ågård,Ældreplejen/Hjemmeplejen Nord,101,28.5,2019-08-15,",
        "102,Åse Ågård,Ældreplejen/Hjemmeplejen Nord,101,32,2019-08-15,2026-12-31",
    )
    result = run_employees(org, changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    employment = Employment.objects.get(person__employee_id="102")
    assert (employment.weekly_hours, employment.end) == (Decimal("32"), dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("104,,Ældreplejen,,37,2020-01-01,", "name er tom"),
        ("104,Ny,Ældreplejen,,0,2020-01-01,", "Ugentlige timer skal være over 0"),
        ("104,Ny,Ældreplejen,,81,2020-01-01,", "højst 80"),
        ("104,Ny,Ældreplejen,,mange,2020-01-01,", "'mange' er ikke et tal"),
        ("104,Ny,Ældreplejen,,37,31-02-2020,", "'31-02-2020' er ikke en dato"),
        ("104,Ny,Ældreplejen,,37,2020-01-01,2019-12-31", "slutter, før den begynder"),
        ("104,Ny,Ældreplejen,999,37,2020-01-01,", "Ukendt leder 999"),
        ("104,Ny,Ældreplejen,104,37,2020-01-01,", "sin egen leder"),
        ("104,Ny,Ældreplejen//Nord,,37,2020-01-01,", "har en tom del"),
        (
            "100,Birthe Ærbødig,Ældreplejen,,37,2015-01-01,",
            "to ansættelser, der begynder 01-01-2015",
        ),
        ("101,Søren Anden,Ældreplejen,,37,2024-01-01,", "har et andet navn"),
    ],
)
def test_bad_employee_rows_are_reported_with_row_numbers(
    org: Organisation, row: str, message: str
) -> None:
    with translation.override("da"):
        result = run_employees(org, EMPLOYEES + row + "\n")
    assert not result.ok
    assert [e.row for e in result.errors] == [6]
    assert message in result.errors[0].message
    assert Person.objects.count() == 0 and Unit.objects.count() == 0


def test_every_error_is_reported_not_just_the_first(org: Organisation) -> None:
    text = EMPLOYEES + "104,,X,,0,nej,\n105,Ny,Y,,37,2020-01-01,\n106,Ny2,Z,,x,2020-01-01,\n"
    result = run_employees(org, text)
    rows = sorted({e.row for e in result.errors})
    assert rows == [6, 8]
    assert len([e for e in result.errors if e.row == 6]) == 3  # name, hours, date
    assert Person.objects.count() == 0


def test_missing_columns_are_a_file_error(org: Organisation) -> None:
    with translation.override("da"):
        result = run_employees(org, "employee_id;name\n1;A\n")
    assert [e.row for e in result.errors] == [0]
    assert "mangler kolonne(r) unit" in result.errors[0].message


def test_semicolons_decimal_comma_danish_dates_and_windows_1252(org: Organisation) -> None:
    text = (
        "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\r\n"
        "200;Ærø Østergaard;Skoler/Åby Skole;;32,5;01-08-2019;\r\n"
        "201;Bjørn Ågesen;Skoler/Åby Skole;200;37;15.01.2020;31.07.2026\r\n"
    ).encode("cp1252")
    result = run_employees(org, text)
    assert result.ok, result.errors
    aero = Person.objects.get(employee_id="200")
    assert aero.name == "Ærø Østergaard"
    employment = aero.employments.get()
    assert (employment.weekly_hours, employment.start) == (Decimal("32.5"), dt.date(2019, 8, 1))
    assert employment.unit.path == "Skoler/Åby Skole"
    assert Employment.objects.get(person__employee_id="201").end == dt.date(2026, 7, 31)


def test_utf8_with_bom_and_blank_lines(org: Organisation) -> None:
    text = "\ufeff" + EMPLOYEES.replace("\n", "\n\n", 1)
    assert run_employees(org, text).ok
    assert Person.objects.count() == 4


# --- Absence -----------------------------------------------------------------------------

ABSENCES = """employee_id,first_day,last_day,percent,kind
101,2026-01-05,2026-01-07,100,sickness
101,2026-03-02,2026-03-15,100,sickness
101,2026-03-16,2026-04-12,50,sickness
102,2026-02-02,,100,section56
103,2026-02-09,2026-02-20,100,work_accident
"""


def test_absence_import_joins_back_to_back_rows_into_one_spell(staffed: Organisation) -> None:
    result = run_absences(staffed, ABSENCES)
    assert result.ok, result.errors
    assert result.created == 4
    spell = AbsenceSpell.objects.get(person__employee_id="101", first_day=dt.date(2026, 3, 2))
    assert spell.last_day == dt.date(2026, 4, 12)
    assert [(d.from_day, d.percent) for d in spell.degrees.all()] == [
        (dt.date(2026, 3, 2), 100),
        (dt.date(2026, 3, 16), 50),
    ]
    ongoing = AbsenceSpell.objects.get(person__employee_id="102")
    assert ongoing.last_day is None and ongoing.section56 and ongoing.kind == "sickness"
    assert AbsenceSpell.objects.get(person__employee_id="103").kind == "work_accident"


def test_absence_import_twice_changes_nothing(staffed: Organisation) -> None:
    assert run_absences(staffed, ABSENCES).ok
    before = snapshot()
    again = run_absences(staffed, ABSENCES)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_a_later_file_ends_an_ongoing_spell(staffed: Organisation) -> None:
    assert run_absences(staffed, ABSENCES).ok
    later = ABSENCES.replace(
        "102,2026-02-02,,100,section56", "102,2026-02-02,2026-02-27,100,section56"
    )
    result = run_absences(staffed, later)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert AbsenceSpell.objects.get(person__employee_id="102").last_day == dt.date(2026, 2, 27)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("999,2026-05-04,2026-05-05,100,sickness", "Ukendt medarbejder 999"),
        ("101,2026-05-04,2026-05-05,0,sickness", "mellem 1 og 100, ikke 0"),
        ("101,2026-05-04,2026-05-05,120,sickness", "mellem 1 og 100, ikke 120"),
        ("101,2026-05-04,2026-05-05,50.5,sickness", "helt tal"),
        ("101,04/05/2026x,2026-05-05,100,sickness", "er ikke en dato"),
        ("101,2026-05-06,2026-05-05,100,sickness", "Sidste dag er før første dag"),
        ("101,2026-05-04,2026-05-05,100,influenza", "Ukendt type 'influenza'"),
        (
            "101,2026-01-06,2026-01-09,100,sickness",
            "overlapper fraværet fra 05.01.2026 til 07.01.2026",
        ),
        ("102,2026-06-01,2026-06-02,100,sickness", "overlapper et igangværende fravær"),
        ("103,2026-06-25,2026-07-03,100,sickness", "går ud over ansættelsens ophør den 30.06.2026"),
        ("102,2019-08-01,2019-08-02,100,sickness", "ikke ansat den 01.08.2019"),
        (",2026-05-04,,100,sickness", "employee_id er tom"),
    ],
)
def test_bad_absence_rows_are_reported_and_nothing_is_written(
    staffed: Organisation, row: str, message: str
) -> None:
    before = snapshot()
    with translation.override("da"):
        result = run_absences(staffed, ABSENCES + row + "\n")
    assert not result.ok
    # The bad row is named; an overlap names both rows of the clash.
    assert 7 in {e.row for e in result.errors}
    assert {e.row for e in result.errors} <= {2, 4, 5, 7}
    assert any(message in e.message for e in result.errors), result.errors
    assert snapshot() == before


def test_overlap_with_stored_absence_is_refused(staffed: Organisation) -> None:
    assert run_absences(staffed, ABSENCES).ok
    before = snapshot()
    result = run_absences(
        staffed,
        "employee_id,first_day,last_day,percent,kind\n101,2026-01-06,2026-01-06,100,sickness\n",
    )
    assert [e.row for e in result.errors] == [2]
    assert snapshot() == before


def test_a_shortened_spell_makes_room_for_the_next_one_in_the_same_file(
    staffed: Organisation,
) -> None:
    """Stored: 101 sick 2-20 March. The payroll file corrects it to 2-3 March and adds a spell
    on 10-12 March: the stored 2-20 March is replaced, so nothing overlaps."""
    header = "employee_id,first_day,last_day,percent,kind\n"
    assert run_absences(staffed, header + "101,2026-03-02,2026-03-20,100,sickness\n").ok
    result = run_absences(
        staffed,
        header + "101,2026-03-02,2026-03-03,100,sickness\n101,2026-03-10,2026-03-12,100,sickness\n",
    )
    assert result.ok, result.errors
    assert (result.created, result.updated) == (1, 1)
    assert list(
        AbsenceSpell.objects.filter(person__employee_id="101")
        .order_by("first_day")
        .values_list("first_day", "last_day")
    ) == [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 12)),
    ]


def test_danish_absence_file_in_windows_1252(staffed: Organisation) -> None:
    text = (
        "employee_id;first_day;last_day;percent;kind\r\n"
        "101;05-01-2026;07-01-2026;100;sygdom\r\n"
        "102;02.02.2026;;60,0;§56\r\n"
    ).encode("cp1252")
    result = run_absences(staffed, text)
    assert result.ok, result.errors
    spell = AbsenceSpell.objects.get(person__employee_id="102")
    assert spell.section56 and spell.degree_on(dt.date(2026, 2, 2)) == 60


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_date_cells_and_numbers(staffed: Organisation) -> None:
    data = xlsx(
        [
            ["employee_id", "first_day", "last_day", "percent", "kind"],
            [101, dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 7), 100, "sickness"],
            ["102", dt.date(2026, 2, 2), None, 100.0, "section56"],
            [103, 46062, 46073, 100, "work_accident"],  # date cells that lost their format
        ]
    )
    result = run_absences(staffed, data, "fravær.xlsx")
    assert result.ok, result.errors
    assert AbsenceSpell.objects.get(person__employee_id="103").first_day == dt.date(2026, 2, 9)


def test_xlsx_errors_name_the_excel_row(staffed: Organisation) -> None:
    data = xlsx(
        [
            ["employee_id", "first_day", "last_day", "percent", "kind"],
            [101, dt.date(2026, 1, 5), dt.date(2026, 1, 7), 100, "sickness"],
            [],
            [101, "i går", None, 100, "sickness"],
        ]
    )
    result = run_absences(staffed, data, "fravær.xlsx")
    assert [e.row for e in result.errors] == [4]
    assert AbsenceSpell.objects.count() == 0


def test_a_broken_xlsx_is_a_file_error(staffed: Organisation) -> None:
    from naervaer.importexport.tabular import FileProblem

    with pytest.raises(FileProblem):
        read_table(b"PK\x03\x04 not really a zip", "x.xlsx")


# --- Export ------------------------------------------------------------------------------


def test_export_round_trip_recreates_the_same_data(staffed: Organisation) -> None:
    assert run_absences(staffed, ABSENCES).ok
    people = staffed.people.all()
    spells = AbsenceSpell.objects.filter(person__organisation=staffed)
    employees_csv = csv_bytes(COLUMNS["employees"], employee_rows(people))
    absences_xlsx = xlsx_bytes([Sheet("absences", COLUMNS["absences"], absence_rows(spells))])

    copy = Organisation.objects.create(slug="copy", name="Kopi", cvr="29189420")
    assert run_employees(copy, employees_csv).ok
    assert run_absences(copy, absences_xlsx, "absences.xlsx").ok

    def shape(org: Organisation) -> tuple[object, ...]:
        return (
            sorted(
                Employment.objects.filter(person__organisation=org).values_list(
                    "person__employee_id", "unit__path", "weekly_hours", "start", "end"
                )
            ),
            sorted(
                (
                    s.person.employee_id,
                    s.first_day,
                    s.last_day,
                    s.kind,
                    s.section56,
                    tuple((d.from_day, d.percent) for d in s.degrees.all()),
                )
                for s in AbsenceSpell.objects.filter(person__organisation=org)
            ),
        )

    assert shape(copy) == shape(staffed)
    # Exporting the copy gives the same file again.
    assert csv_bytes(COLUMNS["employees"], employee_rows(copy.people.all())) == employees_csv


def test_csv_export_opens_in_danish_excel(staffed: Organisation) -> None:
    data = csv_bytes(COLUMNS["employees"], employee_rows(staffed.people.all()))
    assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 with æøå
    assert "Åse Ågård" in data.decode("utf-8-sig")


def test_the_optional_salary_column(org: Organisation) -> None:
    # sygedagpengeloven § 40: whether the employer pays salary decides the report's deadline.
    rows = EMPLOYEES.strip().split("\n")
    with_column = "\n".join(
        [rows[0] + ",salary_during_sickness", rows[1] + ",", rows[2] + ",ja", rows[3] + ",nej"]
    )
    assert run_employees(org, with_column).ok
    assert Employment.objects.get(person__employee_id="102").pays_salary is False
    assert Employment.objects.get(person__employee_id="100").pays_salary is True  # blank: yes
    # A file without the column leaves the answer as it is.
    again = run_employees(org, "\n".join(rows[:4]))
    assert (again.updated, again.unchanged) == (0, 3)
    assert Employment.objects.get(person__employee_id="102").pays_salary is False
    result = run_employees(org, with_column.replace(",nej", ",sometimes"))
    assert [e.message for e in result.errors] == [
        "salary_during_sickness: skal være ja eller nej, ikke sometimes."
    ]


# --- Time off and job groups -----------------------------------------------------------------


def test_holiday_and_a_child_s_sickness_in_the_absence_file_become_time_off(
    staffed: Organisation,
) -> None:
    from naervaer.absence.models import TimeOff

    text = (
        "employee_id;first_day;last_day;percent;kind\n"
        "101;06-07-2026;24-07-2026;;ferie\n"
        "101;27-07-2026;27-07-2026;50;feriefridag\n"
        "102;03-08-2026;03-08-2026;;omsorgsdag\n"
        "103;10-08-2026;11-08-2026;;barns sygdom\n"
        "103;02-03-2026;04-03-2026;;sygdom\n"
    )
    result = run_absences(staffed, text)
    assert result.ok, result.errors
    assert result.created == 5
    rows = sorted(TimeOff.objects.values_list("person__employee_id", "kind", "percent"))
    assert rows == [
        ("101", "extra_holiday", 50),
        ("101", "holiday", 100),
        ("102", "care_day", 100),
        ("103", "child_sickness", 100),
    ]
    # Time off is never a spell, so no follow-up starts from it.
    assert AbsenceSpell.objects.count() == 1
    again = run_absences(staffed, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_bad_time_off_is_explained_and_nothing_is_written(staffed: Organisation) -> None:
    from naervaer.absence.models import TimeOff

    result = run_absences(
        staffed,
        "employee_id;first_day;last_day;percent;kind\n"
        "101;06-07-2026;;;ferie\n"
        "102;06-07-2026;17-07-2026;;ferie\n"
        "102;13-07-2026;13-07-2026;;feriefridag\n"
        "102;01-09-2026;01-09-2026;;orlov\n",
    )
    messages = {e.row: e.message for e in result.errors}
    assert "sidste dag" in messages[2]
    assert "række 3" in messages[4]
    assert "orlov" in messages[5]
    assert not TimeOff.objects.exists()


def test_the_job_group_column_is_optional(org: Organisation) -> None:
    text = (
        "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end;job_group\n"
        "1;Ane;Pleje;;37;01-01-2024;;Social- og sundhedspersonale\n"
        "2;Bo;Pleje;;37;01-01-2024;;\n"
    )
    assert run_employees(org, text).ok
    groups = dict(Employment.objects.values_list("person__employee_id", "job_group"))
    assert groups == {"1": "Social- og sundhedspersonale", "2": ""}
    # A file without the column keeps the job groups stored.
    assert run_employees(
        org,
        text.replace(";job_group", "")
        .replace(";Social- og sundhedspersonale", "")
        .replace(";\n", "\n"),
    ).ok
    assert (
        Employment.objects.get(person__employee_id="1").job_group == "Social- og sundhedspersonale"
    )
    # A file with the column empty clears it.
    assert run_employees(org, text.replace(";Social- og sundhedspersonale", ";")).ok
    assert Employment.objects.get(person__employee_id="1").job_group == ""


def test_the_birth_date_column_is_optional(org: Organisation) -> None:
    """Only for the senior policy (seed 000): a file with the column sets it, one without keeps
    it, and a bad date is explained with its row."""
    from naervaer.people.models import Person

    text = (
        "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end;birth_date\n"
        "1;Ane;Pleje;;37;01-01-2024;;15-03-1962\n"
        "2;Bo;Pleje;;37;01-01-2024;;\n"
    )
    assert run_employees(org, text).ok
    births = dict(Person.objects.values_list("employee_id", "birth_date"))
    assert births == {"1": dt.date(1962, 3, 15), "2": None}
    without = (
        "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
        "1;Ane;Pleje;;37;01-01-2024;\n"
    )
    assert run_employees(org, without).ok
    assert Person.objects.get(employee_id="1").birth_date == dt.date(1962, 3, 15)
    changed = run_employees(org, text.replace("15-03-1962", "16-03-1962"))
    assert changed.ok and Person.objects.get(employee_id="1").birth_date == dt.date(1962, 3, 16)
    bad = run_employees(org, text.replace("15-03-1962", "31-02-1962"))
    assert [e.row for e in bad.errors] == [2] and "birth_date" in bad.errors[0].message


def test_absence_far_in_the_future_is_refused_as_on_the_web(staffed: Organisation) -> None:
    """As the absence forms and the API: a first day more than a day ahead is a typo, and the
    whole file is refused with the row (issue 12: a sick day years ahead blocked real ones)."""
    ahead = (dt.date.today() + dt.timedelta(days=400)).strftime("%d-%m-%Y")
    result = run_absences(
        staffed, f"employee_id;first_day;last_day;percent;kind\n101;{ahead};;;sygdom\n"
    )
    assert [e.row for e in result.errors] == [2]
    assert (
        "for langt ude i fremtiden" in result.errors[0].message
        or "for langt" in result.errors[0].message
    )
    assert not AbsenceSpell.objects.exists()


def test_a_partial_employee_file_never_takes_a_leader_away(org: Organisation) -> None:
    """A file with some of a unit's employees and no manager_id leaves the unit's leader; a file
    naming a second manager adds her (removing a leader is an administrator's, under Enheder)."""
    from naervaer.people.models import UnitLeadership

    header = "employee_id;name;unit;manager_id;weekly_hours;employment_start;employment_end\n"
    full = header + (
        "1;Ane;Pleje;;37;01-01-2024;\n2;Bo;Pleje;1;37;01-01-2024;\n3;Cy;Pleje;1;37;01-01-2024;\n"
    )
    assert run_employees(org, full).ok

    def leaders() -> set[str]:
        return set(UnitLeadership.objects.values_list("person__employee_id", flat=True))

    assert leaders() == {"1"}
    assert run_employees(org, header + "3;Cy;Pleje;;37;01-01-2024;\n").ok
    assert leaders() == {"1"}
    assert run_employees(org, header + "3;Cy;Pleje;2;37;01-01-2024;\n").ok
    assert leaders() == {"1", "2"}
