"""The checks every browser test runs must be able to fail (and must not fail on Danish)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.checks import check_document, english_in, english_only_words


@pytest.mark.parametrize(
    "text",
    [
        "Regler: the current ones.",
        "Deadline",
        "viewed person page",
        "Sygefravær · Overview",
        "Du har ingen sager endnu. Add a case.",
        "CAN5-QXWB: Solved",  # the code is left out, not the words around it
    ],
)
def test_english_is_found(text: str) -> None:
    assert english_in([text]), text


@pytest.mark.parametrize(
    "text",
    [
        "Bob Bendtsen",
        "Alice Andersen · Acme Kommune",
        "Fraværsprocent 4,70 % i 2026",
        "Hjemmeplejen Nord (31 personer)",
        "PDF · CSV · Excel",
        "Status: Plan for delvis raskmelding",
        "18.11.2026",
        "Nærvær",
        "Frist",
        "Sygeopfølgning",
        "CAN5-QXWB: Løst",  # a receipt code that spells a word (naervaer.codes)
        "Problemindberetning THEY-7K2M",
        "Mødekode DUE7KP",
    ],
)
def test_danish_names_and_numbers_pass(text: str) -> None:
    assert english_in([text]) == []


def test_the_english_words_come_from_the_catalogue() -> None:
    words = english_only_words()
    assert {"the", "deadline", "current", "overview"} <= words
    assert not {"plan", "status", "frist", "bob"} & words


_BAD_PAGE = """<!doctype html><html lang="da"><head><title>Prøve</title></head><body>
<main><h1>Prøve</h1><table><tr><td><input type="number" name="hours"></td></tr></table>
<p style="color:#bbb;background:#fff">Svag tekst</p><p>The deadline is today.</p></main>
</body></html>"""


@pytest.mark.browser
def test_a_bad_page_fails_both_checks(page: Page) -> None:
    page.set_content(_BAD_PAGE)
    problems = "\n".join(check_document(page))
    assert "critical label" in problems  # the unlabelled input
    assert "serious color-contrast" in problems
    assert "English: 'The deadline is today.'" in problems


@pytest.mark.browser
def test_a_good_page_passes(page: Page) -> None:
    page.set_content(
        '<!doctype html><html lang="da"><head><title>Prøve</title></head><body><main>'
        '<h1>Prøve</h1><label>Timer <input type="number" name="hours"></label>'
        "<p>Fristen er nær.</p></main></body></html>"
    )
    assert check_document(page) == []
