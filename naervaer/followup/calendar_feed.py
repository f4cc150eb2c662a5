"""The iCalendar feed of a user's follow-up deadlines (RFC 5545, built with ``icalendar``)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from naervaer.followup import labels
from naervaer.followup.agenda import AgendaItem
from naervaer.followup.models import CalendarFeed, Obligation

if TYPE_CHECKING:
    from naervaer.people.models import User


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split() if part).upper()


def feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def renew(feed: CalendarFeed) -> CalendarFeed:
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


def obligation_item(o: Obligation) -> AgendaItem:
    """A follow-up step as a calendar entry: initials only, never the name."""
    assert o.due is not None  # obligations_for lists only steps with a deadline
    return AgendaItem(
        uid=f"obligation-{o.pk}",
        title=f"{labels.title(o.code)} – {initials(o.case.person.name)}",
        due=o.due,
        path=f"/cases/{o.case_id}/#step-{o.code}",
    )


def build_calendar(
    obligations: Iterable[Obligation],
    base_url: str,
    stamp: dt.datetime,
    items: Iterable[AgendaItem] = (),
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Nærvær//follow-up deadlines//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Nærvær")
    for item in [*(obligation_item(o) for o in obligations), *items]:
        event = Event()
        event.add("uid", f"{item.uid}@naervaer")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", item.title)
        event.add("url", f"{base_url}{item.path}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
