"""Changes to the unit tree that other apps keep figures of.

Sent inside the change's transaction; a receiver's error rolls the change back with it. The
statistics keep sums per sub-tree (``naervaer.statistics.aggregates``), so a unit that moves
changes the sums of the units above it, old and new.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``organisation_id=...`` after a unit moved under another parent, with its sub-tree.
tree_changed = Signal()
