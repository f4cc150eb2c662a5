"""Django's paginator, without a count of the rows when they all fit on the first page.

Most lists a manager opens (who is absent now, her people, her sent e-mails) fit on one page,
and counting them first was a query of its own with the list's whole filter: 1–2 ms on every
such request (issue 14, docs/benchmarks.md). The first page is read with one row more than
it shows; when that row is not there, the rows read are all there are.
"""

from __future__ import annotations

from typing import Any

from django.core import paginator
from django.core.paginator import Page


class Paginator(paginator.Paginator[Any]):
    def get_page(self, number: Any) -> Page[Any]:
        if number not in (None, "", "1", 1) or self.orphans or not self.allow_empty_first_page:
            return super().get_page(number)
        head = list(self.object_list[: self.per_page + 1])
        if len(head) <= self.per_page:
            self.count = len(head)  # replaces the cached property: no COUNT query
        return Page(head[: self.per_page], 1, self)
