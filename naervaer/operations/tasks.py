"""Where the follow-up's and the statistics' tasks used to be defined.

Each app now defines its own tasks (``naervaer.followup.tasks``, ``naervaer.statistics.tasks``).
A queued task is stored with the path it was enqueued under, so tasks queued before the move
name this module; these names keep them runnable. New tasks are stored under the new paths.
"""

from __future__ import annotations

from naervaer.followup.tasks import recompute_followup, refresh_followup, send_reminders
from naervaer.statistics.tasks import rebuild_statistics

__all__ = ["rebuild_statistics", "recompute_followup", "refresh_followup", "send_reminders"]
