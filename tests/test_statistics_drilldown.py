"""The drill-down's table of units and head counts: what was made faster reads and counts the
same as before (issue 14: an area of 700 units in < 150 ms)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from naervaer.absence.services import register_sick
from naervaer.statistics.selectors import Group
from naervaer.statistics.views import _unit_rows, _warning_rows
from tests.conftest import World, client_for, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_today"),
    pytest.mark.frozen_at(dt.datetime(2026, 12, 1, 9, 0)),
]
D = dt.date
NOV = {"from": "2026-11-01", "to": "2026-11-30"}

# The rows as the template wrote them before the view wrote their numbers (a filter per cell).
FILTERED_ROWS = Template(
    """{% load i18n %}<tbody>{% for b in units %}{% with g=b.group %}<tr>
      <td>{% if g.unit_id and not g.suppressed %}<a href="?unit={{ g.unit_id }}&amp;{{ period_query }}">{{ g.label }}</a>{% else %}{{ g.label }}{% endif %}</td>
      {% if g.suppressed %}<td class="num muted" colspan="4">{% translate "not shown (protects a group of fewer than 5 people)" %}</td>
      {% else %}<td class="num">{{ g.figures.people }}</td><td class="num">{{ b.rate|floatformat:2 }} %</td><td class="barcell"><svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="{{ b.height|floatformat:'1u' }}" height="10"></rect></svg></td><td class="num">{{ g.figures.spells_per_employee_year|floatformat:1 }}</td>{% endif %}
    </tr>{% endwith %}{% endfor %}</tbody>"""
)


def _units_table(html: str) -> str:
    found = re.search(r"<h2>Enheder side om side</h2>.*?(<tbody>.*?</tbody>)", html, re.S)
    assert found, "no table of units"
    return found.group(1)


@pytest.fixture
def staffed(world: World) -> World:
    """Pleje/Nord has 7 people, Admin 6 (so the AMO sees Pleje/Nord's area); bob and a
    colleague were absent in November."""
    nord = [make_person(world.acme, f"20{i}", f"Nord {i}", world.nord) for i in range(5)]
    for i in range(5):
        make_person(world.acme, f"30{i}", f"Admin {i}", world.admin_unit)
    register_sick(world.person(world.bob), D(2026, 11, 2), last_day=D(2026, 11, 6), by=world.alice)
    register_sick(nord[0], D(2026, 11, 10), last_day=D(2026, 11, 10), by=world.alice)
    return world


@pytest.mark.parametrize("who", ["hanne", "amy"])
@pytest.mark.parametrize("drill", [False, True])
def test_the_table_of_units_reads_as_the_filters_wrote_it(
    staffed: World, who: str, drill: bool
) -> None:
    """HR and the AMO (hidden groups among them), the organisation and a drill-down."""
    query = {**NOV, **({"unit": str(staffed.pleje.pk)} if drill else {})}
    page = client_for(getattr(staffed, who)).get("/statistics/", query)
    assert page.status_code == 200
    units = page.context["units"]
    assert units, "a table with rows"
    if who == "amy":  # inside Pleje every group rests on fewer than 5 (test_statistics.py)
        assert [b["group"].suppressed for b in units] == [drill] * len(units)
    with translation.override("da"):
        expected = FILTERED_ROWS.render(
            Context({"units": units, "period_query": page.context["period_query"]})
        )
    assert _units_table(page.content.decode()) == expected


@pytest.mark.parametrize("language", ["da", "en"])
def test_each_number_of_a_row_is_the_filters(language: str) -> None:
    """Halves that binary floats round down (2.675, 0.125) are rounded up from their text, as
    ``floatformat`` does; no rate or no employee-years is an empty cell, as before."""
    groups = []
    for i, (absent, possible, spells, days) in enumerate(
        [
            (2.675, 100.0, 1, 365.25),
            (0.125, 1.0, 3, 365.25 * 8),
            (0.0, 0.0, 0, 0.0),
            (7.0, 9.0, 2, 1),
        ]
    ):
        group = Group(f"A/{i}", str(i), unit_id=i + 1)
        group.figures.absent_hours, group.figures.possible_hours = absent, possible
        group.figures.spells, group.figures.employee_years = spells, days / 365.25
        group.figures.people = i
        groups.append(group)
    groups.append(Group("A/hidden", "hidden", suppressed=True, unit_id=9))
    with translation.override(language):
        rows = _unit_rows(groups, "from=2026-11-01&to=2026-11-30")
        for row in rows[:-1]:
            figures = row["group"].figures
            assert row["rate_text"] == floatformat(row["rate"], 2)
            assert row["width"] == floatformat(row["height"], "1u")
            assert row["per_year"] == floatformat(figures.spells_per_employee_year, 1)
            assert row["people"] == str(figures.people)
    assert rows[0]["rate_text"] == ("2,68" if language == "da" else "2.68")
    assert rows[0]["href"] == "?unit=1&from=2026-11-01&to=2026-11-30"
    assert rows[2]["rate_text"] == "" and rows[2]["per_year"] == ""
    assert rows[-1]["href"] == "" and "rate_text" not in rows[-1]


# A line of the early warning as its template wrote it before (a filter per number).
FILTERED_WARNINGS = Template(
    """{% load i18n %}{% for w in rising %}<li><strong>{{ w.group.key }}</strong>: {% blocktranslate with now=w.rate_now|floatformat:2 before=w.rate_before|floatformat:2 %}{{ now }} against {{ before }} short absences per employee-year{% endblocktranslate %} <br><span class="muted">{% blocktranslate with n=w.chance_one_in %}By chance alone, a rise this large happens only about once in {{ n }} cases.{% endblocktranslate %}</span>{% if w.group.unit_id and not for_amo %} · <a href="?unit={{ w.group.unit_id }}&amp;{{ period_query }}">{% translate "look closer" %}</a>{% endif %}</li>
{% endfor %}"""
)


@pytest.mark.parametrize("who", ["hanne", "amy"])
def test_the_early_warning_reads_as_the_filters_wrote_it(staffed: World, who: str) -> None:
    """Short absence rose in Nord (none in November 2025; eight 1-day absences and a 3-day one
    in November 2026): the lines, with a link on for HR, none for the AMO."""
    from naervaer.people.models import Person

    people = list(Person.objects.filter(employments__unit=staffed.nord).order_by("pk"))
    for i, person in enumerate(people[2:6]):
        for day in (D(2026, 11, 11 + i), D(2026, 11, 24 + i)):
            register_sick(person, day, last_day=day, by=staffed.hanne)
    register_sick(people[6], D(2026, 11, 17), last_day=D(2026, 11, 19), by=staffed.hanne)
    page = client_for(getattr(staffed, who)).get("/statistics/", NOV)
    rising = page.context["rising"]
    assert [w.group.key for w in rising] == ["Pleje"] + (["Pleje/Nord"] if who == "hanne" else [])
    with translation.override("da"):
        expected = FILTERED_WARNINGS.render(
            Context(
                {
                    "rising": rising,
                    "for_amo": who == "amy",
                    "period_query": page.context["period_query"],
                }
            )
        )
    found = re.search(r'id="warnings">.*?<ul>(.*?)</ul>', page.content.decode(), re.S)
    assert found and found.group(1) == expected
    assert ("se nærmere" in expected) is (who == "hanne")


def test_each_number_of_a_warning_is_the_filters() -> None:
    from naervaer.statistics.selectors import Warning

    unit = Group("A/B", "B", unit_id=7)
    warnings = [Warning(unit, 9, 2, 4.5, 2.675, 0.0004), Warning(unit, 3, 1, 1.0, 0.125, 0.04)]
    with translation.override("da"):
        rows = _warning_rows(warnings, "from=2026-11-01&to=2026-11-30", for_amo=False)
        assert [(r["now"], r["before"], r["chance"]) for r in rows] == [
            ("4,50", "2,68", "1000"),  # 1 / 0.0004 = 2,500, shown as at most 1,000
            ("1,00", "0,13", "25"),
        ]
        for row, w in zip(rows, warnings, strict=True):
            assert row["now"] == floatformat(w.rate_now, 2)
            assert row["before"] == floatformat(w.rate_before, 2)
    assert rows[0]["href"] == "?unit=7&from=2026-11-01&to=2026-11-30"
    assert _warning_rows(warnings, "", for_amo=True)[0]["href"] == ""
