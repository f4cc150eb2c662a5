"""The main menu at the top of every page.

Which entries a user sees depends on their roles (``access.context_processor``'s ``nav``), and
which one is marked as the current page on the page's URL name. The menu is made once per
language, set of entries and page, and kept: as template tags (a ``{% url %}``, an ``{% if %}``
and a ``{% translate %}`` per entry) it cost about a millisecond of every request (issue 14,
docs/benchmarks.md).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

# The entry shown to everyone in an employer organisation (not a job centre).
EMPLOYER = "employer"
_CURRENT = mark_safe(' aria-current="page"')  # a constant


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str  # the English message id, translated when the menu is made
    shown_by: str | None  # the ``nav`` flag (or EMPLOYER) that shows it; None: always shown
    # The page is this entry's when its URL name is ``url_name`` (``current_prefix`` None) or
    # starts with ``current_prefix`` (a tool with many pages); never for ``current_prefix=""``.
    current_prefix: str | None = None

    def is_current(self, page: str) -> bool:
        if self.current_prefix is None:
            return page == self.url_name
        return bool(self.current_prefix) and page.startswith(self.current_prefix)


ENTRIES = (
    Entry("home", gettext_noop("Overview"), None),
    Entry("absent_now", gettext_noop("Absent now"), "follow"),
    Entry("due_list", gettext_noop("Follow-up"), "follow"),
    Entry("people", gettext_noop("People"), "follow"),
    Entry("units", gettext_noop("Units"), "follow"),
    Entry("statistics", gettext_noop("Statistics"), "statistics"),
    Entry("jobcentre", gettext_noop("Sickness follow-up"), "jobcentre", "jobcentre"),
    Entry("seniors", gettext_noop("Seniors"), "seniors", "senior"),
    Entry("fleksjob", gettext_noop("Fleksjob"), "fleksjob", "fleksjob"),
    Entry("injuries", gettext_noop("Work accidents"), "injuries", "injur"),
    Entry("amo", gettext_noop("Work environment"), "amo_tools", "amo"),
    Entry("dialogue", gettext_noop("Dialogue tool"), "dialogue", "dialogue"),
    Entry("my_absence", gettext_noop("My absence"), "own", ""),
    Entry("import", gettext_noop("Import and export"), "import_export"),
    Entry("rules", gettext_noop("Rules"), "rules"),
    Entry("audit_log", gettext_noop("Audit log"), "audit"),
    Entry("users", gettext_noop("Users"), "users"),
    Entry("my_report", gettext_noop("Report a problem"), EMPLOYER, ""),
)


def main_menu(request: HttpRequest, nav: Mapping[str, bool], organisation_kind: str) -> SafeString:
    """The menu's ``<li>`` entries for this request's user and page."""
    shown = frozenset(flag for flag, on in nav.items() if on)
    if organisation_kind == EMPLOYER:
        shown |= {EMPLOYER}
    match = request.resolver_match
    page = match.url_name if match is not None and match.url_name else ""
    return _menu(get_language(), get_script_prefix(), shown, page)


@functools.lru_cache(maxsize=4096)
def _menu(language: str, script_prefix: str, shown: frozenset[str], page: str) -> SafeString:
    # The language and script prefix are in the key: the labels are translated into the
    # active language and the addresses start with the prefix.
    entries = [e for e in ENTRIES if e.shown_by is None or e.shown_by in shown]
    return format_html_join(
        "\n",
        "<li>{}</li>",
        (
            (
                format_html(
                    '<a href="{}"{}>{}</a>',
                    reverse(e.url_name),
                    _CURRENT if e.is_current(page) else "",
                    _(e.label),
                ),
            )
            for e in entries
        ),
    )
