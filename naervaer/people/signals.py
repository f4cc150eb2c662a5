"""Changes to the unit tree that other apps keep figures of.

Sent inside the change's transaction; a receiver's error rolls the change back with it. The
statistics keep sums per sub-tree (``naervaer.statistics.aggregates``), so a unit that moves
changes the sums of the units above it, old and new.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``organisation_id=...`` and ``parents=(old, new)`` (unit ids, None for the top) after
# a unit moved under another parent, with its sub-tree: the units above it, before and after.
tree_changed = Signal()
