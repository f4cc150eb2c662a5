"""Deadlines from other tools that go into the same reminders and calendar feed as follow-up
steps: the dialogue tool's follow-up actions, the AMO's action plans, and so on.

An app registers a provider (in its ``AppConfig.ready``) that lists a user's open items;
``naervaer remind`` and the iCalendar feed include them next to the follow-up steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaItem:
    uid: str  # stable across fetches, so calendar programs update instead of duplicating
    title: str
    due: dt.date
    path: str  # where in Nærvær to act on it


Provider = Callable[[Any, dt.date | None], Iterable[AgendaItem]]
_providers: list[Provider] = []


def short_title(text: str, length: int = 60) -> str:
    """Free text shortened for a reminder or calendar title."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def provider(func: Provider) -> Provider:
    if func not in _providers:
        _providers.append(func)
    return func


def items_for(user: Any, until: dt.date | None = None) -> list[AgendaItem]:
    """The user's open items from every tool, due by ``until`` (all when ``None``)."""
    items = [item for p in _providers for item in p(user, until)]
    return sorted(items, key=lambda i: (i.due, i.title))
