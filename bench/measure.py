"""What the benchmarks share: a goal's verdict with its factor, and a process's peak memory."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def verdict(value: float | None, goal: float, lower_is_better: bool) -> str:
    """MET or MISSED, and by what factor: "MET (0.62× the goal)", "MISSED by 1.40×" (a time
    1.4 times the goal's), "MISSED by 4.45× (0.22× the goal)" (a rate that must grow 4.45×).

    The factor is always value / goal, so a reader sees at once how far from the line a figure
    is, on either side; for a missed goal, also how much must change to reach it."""
    if value is None:
        return "FAILED (an error, not a measure)"
    if goal <= 0 or value < 0:
        raise ValueError(f"no factor between {value} and {goal}")
    met = value < goal if lower_is_better else value >= goal
    factor = value / goal
    if met:
        return f"MET ({factor:.2f}× the goal)"
    if value == 0:
        return "MISSED (0)"
    if lower_is_better:
        return f"MISSED by {factor:.2f}×"
    return f"MISSED by {1 / factor:.2f}× ({factor:.2f}× the goal)"


def goal_line(name: str, value: float | None, unit: str, goal: float, lower: bool) -> str:
    """One goal as the benchmarks print it: the figure, the goal and the verdict."""
    sign = "<" if lower else "≥"
    figure = "—" if value is None else f"{value:,.1f} {unit}"
    return f"{name}: {figure}, goal {sign} {goal:,g} {unit}: {verdict(value, goal, lower)}"


def _status_kib(pid: int | str, field: str) -> int:
    """A field of ``/proc/<pid>/status`` in KiB (Linux): VmRSS now, VmHWM the peak so far."""
    found = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    if found is None:
        raise OSError(f"no {field} for process {pid}")
    return int(found.group(1))


@dataclass
class PeakMemory:
    """Resident memory of a process over a block: at its start, and the peak during it."""

    start_mib: float = 0.0
    peak_mib: float = 0.0
    exact: bool = True  # False: the peak could not be reset, so it may be an earlier one

    @property
    def growth_mib(self) -> float:
        return self.peak_mib - self.start_mib

    def line(self) -> str:
        note = "" if self.exact else " (the process's peak since it began: not resettable here)"
        return (
            f"peak memory grew {self.growth_mib:,.0f} MiB "
            f"({self.start_mib:,.0f} → {self.peak_mib:,.0f} MiB resident){note}"
        )


@contextlib.contextmanager
def peak_memory(pid: int | str = "self") -> Iterator[PeakMemory]:
    """The resident memory of process ``pid`` (this one by default) before the block and its
    peak during it (Linux). The kernel's peak (``VmHWM``) is reset at the start by writing 5 to
    ``/proc/<pid>/clear_refs`` (a process of one's own), so it is the block's peak alone, as
    ``ru_maxrss`` (the peak since the process began) is not."""
    memory = PeakMemory()
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        memory.exact = False
    memory.start_mib = _status_kib(pid, "VmRSS") / 1024
    try:
        yield memory
    finally:
        memory.peak_mib = _status_kib(pid, "VmHWM") / 1024
