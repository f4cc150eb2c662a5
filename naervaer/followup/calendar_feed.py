"""The iCalendar feed of a user's follow-up deadlines (RFC 5545, built with ``icalendar``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
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


def build_calendar(items: Iterable[AgendaItem], base_url: str, stamp: dt.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Nærvær//follow-up deadlines//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Nærvær")
    for item in items:
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


class KeptCalendars:
    """The last feed text built for each user, while what it holds is unchanged.

    Calendar programs fetch a feed again every few minutes to hours, and it seldom changes in
    between; building a head of area's 2,000 events with ``icalendar`` takes about a second
    (issue 14, docs/benchmarks.md). The text is kept under a digest of its events, so a fetch
    still reads every step (and is audited), and any change to an event, its title's language
    or the address builds anew; its DTSTAMP is when it was built. It stays in this process's
    memory, up to ``limit`` bytes, and is never put in a shared cache: it names steps and
    initials."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._texts: OrderedDict[int, tuple[bytes, bytes]] = OrderedDict()  # user: digest, text
        self._size = 0
        self._lock = threading.Lock()

    def text(
        self, user_id: int, items: Sequence[AgendaItem], base_url: str, now: dt.datetime
    ) -> bytes:
        digest = _digest(items, base_url)
        with self._lock:
            kept = self._texts.get(user_id)
            if kept is not None and kept[0] == digest:
                self._texts.move_to_end(user_id)
                return kept[1]
        text = build_calendar(items, base_url, now)
        with self._lock:
            self._forget(user_id)
            if len(text) <= self.limit:
                self._texts[user_id] = (digest, text)
                self._size += len(text)
                while self._size > self.limit:
                    self._forget(next(iter(self._texts)))
        return text

    def _forget(self, user_id: int) -> None:
        kept = self._texts.pop(user_id, None)
        if kept is not None:
            self._size -= len(kept[1])


def _digest(items: Sequence[AgendaItem], base_url: str) -> bytes:
    h = hashlib.blake2b(base_url.encode(), digest_size=32)
    for item in items:
        h.update(f"\x1e{item.uid}\x1f{item.title}\x1f{item.due}\x1f{item.path}".encode())
    return h.digest()


kept_calendars = KeptCalendars(limit=32 * 1024 * 1024)
