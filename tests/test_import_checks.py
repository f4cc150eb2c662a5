"""The spell checks of a large absence import: most people's spells pass the quick verdict of
``check_spells``, the rows are planned in order of person and day whatever their order in the
file, and still every problem is found and named by its row (the first row of a spell made of
several), in the user's language, and a file with one bad spell writes nothing. The problems
are worked out by hand from how the file is built."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.importexport.importers import import_absences
from naervaer.importexport.tabular import Cell, Table
from naervaer.people.models import Organisation
from tests.test_import import run_employees, snapshot

pytestmark = pytest.mark.django_db

HEADER = ["employee_id", "first_day", "last_day", "percent", "kind"]
PEOPLE = 200
D = dt.date


def iso(day: dt.date) -> str:
    return day.isoformat()


@pytest.fixture
def org() -> Organisation:
    """200 people employed from 1 January 2020; number 5 left on 30 June 2025."""
    org = Organisation.objects.create(slug="kom", name="Kommunen", cvr="55133018")
    lines = ["employee_id,name,unit,manager_id,weekly_hours,employment_start,employment_end"]
    for n in range(PEOPLE):
        end = "2025-06-30" if n == 5 else ""
        lines.append(f"{n},Person {n},Enhed {n % 7},,37,2020-01-01,{end}")
    assert run_employees(org, "\n".join(lines) + "\n").ok
    return org


def clean_rows() -> list[tuple[Cell, ...]]:
    """Per person four spells in 2025 (1–3 March, 1–4 April, 5–20 May in two rows: 100 % then
    50 % from the 12th, 2–3 June), listed last spell first and the people interleaved, so the
    file's order is not the order they are planned in."""
    rows: list[tuple[Cell, ...]] = []
    spells = [
        [(D(2025, 6, 2), D(2025, 6, 3), "100")],
        [(D(2025, 5, 12), D(2025, 5, 20), "50"), (D(2025, 5, 5), D(2025, 5, 11), "100")],
        [(D(2025, 4, 1), D(2025, 4, 4), "100")],
        [(D(2025, 3, 1), D(2025, 3, 3), "100")],
    ]
    for spell in spells:
        for first, last, percent in spell:
            for n in range(PEOPLE):
                rows.append((str(n), iso(first), iso(last), percent, "sygdom"))
    return rows


def table(rows: list[tuple[Cell, ...]]) -> Table:
    return Table(HEADER, [(i + 2, r) for i, r in enumerate(rows)])  # row 1 is the header


def row_of(rows: list[tuple[Cell, ...]], person: int, first: dt.date) -> int:
    return next(i + 2 for i, r in enumerate(rows) if r[0] == str(person) and r[1] == iso(first))


def test_a_clean_large_file_is_written_spell_for_spell(org: Organisation) -> None:
    rows = clean_rows()
    result = import_absences(org, table(rows))
    assert result.ok, result.errors[:3]
    assert result.created == 4 * PEOPLE
    may = AbsenceSpell.objects.get(person__employee_id="17", first_day=D(2025, 5, 5))
    assert may.last_day == D(2025, 5, 20)
    assert [(d.from_day, d.percent) for d in may.degrees.all()] == [
        (D(2025, 5, 5), 100),
        (D(2025, 5, 12), 50),
    ]
    assert AbsenceDegree.objects.count() == 5 * PEOPLE


@pytest.mark.parametrize("language", ["en", "da"])
def test_every_spell_problem_is_named_by_its_row_and_nothing_is_written(
    org: Organisation, language: str
) -> None:
    rows = clean_rows()
    # Person 3: a spell sharing its first day with the last day of the April spell.
    rows.append(("3", "2025-04-04", "2025-04-06", "100", "sygdom"))
    # Person 5 left on 30 June 2025: a spell from 27 June to 2 July runs past it, and one on
    # 1 August is after it.
    rows.append(("5", "2025-06-27", "2025-07-02", "100", "sygdom"))
    rows.append(("5", "2025-08-01", "2025-08-01", "100", "sygdom"))
    # Person 8: an open spell from 10 March, before the April spell (which it overlaps, and
    # so do May's and June's).
    rows.append(("8", "2025-03-10", "", "100", "sygdom"))
    # Person 9: a spell from before the employment began.
    rows.append(("9", "2019-12-30", "2020-01-02", "100", "sygdom"))
    # Person 11: a spell inside May's two-row spell.
    rows.append(("11", "2025-05-15", "2025-05-16", "100", "sygdom"))
    before = snapshot()
    with translation.override(language):
        result = import_absences(org, table(rows))
    assert not result.ok
    found: dict[int, list[str]] = {}
    for error in result.errors:
        found.setdefault(error.row, []).append(error.message)

    last = len(rows) + 1
    may_8 = (row_of(rows, 8, D(2025, 5, 5)), row_of(rows, 8, D(2025, 5, 12)))
    may_11 = (row_of(rows, 11, D(2025, 5, 5)), row_of(rows, 11, D(2025, 5, 12)))
    if language == "en":
        expected = {
            row_of(rows, 3, D(2025, 4, 1)): ["It overlaps the absence from 2025-04-04 to 2025-04-06."],
            last - 5: ["It overlaps the absence from 2025-04-01 to 2025-04-04."],
            last - 4: ["The absence runs past the end of the employment on 2025-06-30. "
                       "Absence is registered only while the person is employed."],
            last - 3: ["The person is not employed on 2025-08-01."],
            row_of(rows, 8, D(2025, 4, 1)): ["It overlaps an ongoing absence from 2025-03-10. Register the return first."],
            may_8[0]: [f"It overlaps an ongoing absence from 2025-03-10. Register the return first. "
                       f"(rows {may_8[0]}, {may_8[1]} form one absence)"],
            row_of(rows, 8, D(2025, 6, 2)): ["It overlaps an ongoing absence from 2025-03-10. Register the return first."],
            last - 2: ["It overlaps the absence from 2025-04-01 to 2025-04-04.",
                       "It overlaps the absence from 2025-05-05 to 2025-05-20.",
                       "It overlaps the absence from 2025-06-02 to 2025-06-03."],
            last - 1: ["The person is not employed on 2019-12-30."],
            may_11[0]: [f"It overlaps the absence from 2025-05-15 to 2025-05-16. "
                        f"(rows {may_11[0]}, {may_11[1]} form one absence)"],
            last: ["It overlaps the absence from 2025-05-05 to 2025-05-20."],
        }  # fmt: skip
    else:
        expected = {
            row_of(rows, 3, D(2025, 4, 1)): ["Det overlapper fraværet fra 04.04.2025 til 06.04.2025."],
            last - 5: ["Det overlapper fraværet fra 01.04.2025 til 04.04.2025."],
            last - 4: ["Fraværet går ud over ansættelsens ophør den 30.06.2025. "
                       "Fravær registreres kun, mens personen er ansat."],
            last - 3: ["Personen er ikke ansat den 01.08.2025."],
            row_of(rows, 8, D(2025, 4, 1)): ["Det overlapper et igangværende fravær fra 10.03.2025. Registrér først raskmeldingen."],
            may_8[0]: [f"Det overlapper et igangværende fravær fra 10.03.2025. Registrér først raskmeldingen. "
                       f"(række {may_8[0]}, {may_8[1]} udgør ét fravær)"],
            row_of(rows, 8, D(2025, 6, 2)): ["Det overlapper et igangværende fravær fra 10.03.2025. Registrér først raskmeldingen."],
            last - 2: ["Det overlapper fraværet fra 01.04.2025 til 04.04.2025.",
                       "Det overlapper fraværet fra 05.05.2025 til 20.05.2025.",
                       "Det overlapper fraværet fra 02.06.2025 til 03.06.2025."],
            last - 1: ["Personen er ikke ansat den 30.12.2019."],
            may_11[0]: [f"Det overlapper fraværet fra 15.05.2025 til 16.05.2025. "
                        f"(række {may_11[0]}, {may_11[1]} udgør ét fravær)"],
            last: ["Det overlapper fraværet fra 05.05.2025 til 20.05.2025."],
        }  # fmt: skip
    assert found == expected
    assert snapshot() == before  # all or nothing: the 800 good spells are not written either
