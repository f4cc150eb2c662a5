"""Danish first, English selectable; the committed translations are complete and compiled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import formats, translation

from naervaer.absence.services import register_sick
from tests.conftest import World, client_for

LOCALE = Path(__file__).resolve().parent.parent / "naervaer" / "locale"


def test_the_danish_catalogue_is_complete() -> None:
    po = polib.pofile(str(LOCALE / "da/LC_MESSAGES/django.po"))
    assert len(po) > 200
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert missing == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source() -> None:
    po = polib.pofile(str(LOCALE / "da/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / "da/LC_MESSAGES/django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"not compiled: {entry.msgid!r} (run scripts/compile_messages.py)"
        msgstr, plural = compiled[key]
        assert (msgstr, dict(plural)) == (entry.msgstr, dict(entry.msgstr_plural)), entry.msgid


@pytest.mark.django_db
def test_danish_is_the_default(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert '<html lang="da"' in page
    assert "Log ind" in page


@pytest.mark.django_db
def test_english_is_chosen_by_the_language_switch(world: World) -> None:
    client = client_for(world.alice)
    assert "Fraværende nu" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page and "Absent now" in page


@pytest.mark.django_db
def test_dates_and_numbers_are_danish(world: World) -> None:
    bob = world.person(world.bob)
    register_sick(bob, dt.date(2026, 3, 2), by=world.alice)
    page = client_for(world.alice).get(f"/people/{bob.pk}/").content.decode()
    assert "02.03.2026" in page or "2. marts 2026" in page
    with translation.override("da"):
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1.234,5"
        assert formats.date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT") == "02.03.2026"
    with translation.override("en"):
        # English keeps ISO dates so a Dane switching language is not misled by 03/02.
        assert formats.date_format(dt.date(2026, 3, 2), "SHORT_DATE_FORMAT") == "2026-03-02"
