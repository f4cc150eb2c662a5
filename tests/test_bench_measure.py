"""The benchmarks' verdicts and memory figure (``bench/measure.py``): what docs/benchmarks.md
reports as met or missed, and the "constant memory" of exports, rest on them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _measure() -> ModuleType:
    """``bench/measure.py`` by its path (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_measure", BENCH / "measure.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


measure = _measure()


@pytest.mark.parametrize(
    ("value", "goal", "lower_is_better", "expected"),
    [
        # A time under the goal: met, at 150 / 200 = 0.75 of it.
        (150, 200, True, "MET (0.75× the goal)"),
        # A time of 300 ms against < 200 ms: 1.5 times too slow.
        (300, 200, True, "MISSED by 1.50×"),
        # "< 200" is strict: exactly 200 ms is not under it.
        (200, 200, True, "MISSED by 1.00×"),
        # A rate of 250,000 rows/s against ≥ 200,000: met, 1.25 times the goal.
        (250_000, 200_000, False, "MET (1.25× the goal)"),
        # "≥" includes the goal itself.
        (200_000, 200_000, False, "MET (1.00× the goal)"),
        # 80,000 rows/s must grow 2.5 times to reach 200,000; it is 0.4 of the goal.
        (80_000, 200_000, False, "MISSED by 2.50× (0.40× the goal)"),
        (0, 200_000, False, "MISSED (0)"),
        # A page that failed has no time: never met, never a factor.
        (None, 500, True, "FAILED (an error, not a measure)"),
    ],
)
def test_a_goal_is_met_or_missed_by_a_factor(
    value: float | None, goal: float, lower_is_better: bool, expected: str
) -> None:
    assert measure.verdict(value, goal, lower_is_better) == expected


def test_a_goal_line_names_the_figure_the_goal_and_the_verdict() -> None:
    line = measure.goal_line("manager pages p95", 465.4, "ms", 200, True)
    assert line == "manager pages p95: 465.4 ms, goal < 200 ms: MISSED by 2.33×"


def test_no_factor_without_a_positive_goal() -> None:
    with pytest.raises(ValueError):
        measure.verdict(1.0, 0, True)


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux /proc only")
def test_the_peak_memory_of_a_block_is_its_own_not_the_process_s() -> None:
    with measure.peak_memory() as grown:
        block = bytearray(64 * 2**20)
        block[::4096] = b"x" * len(block[::4096])  # touch every page: resident, not reserved
        del block
    if not grown.exact:
        pytest.skip("this process may not reset its peak here")
    assert grown.growth_mib >= 60
    # The next block allocates nothing: the 64 MiB peak before it is not counted again, as
    # the process's lifetime peak (ru_maxrss) would count it.
    with measure.peak_memory() as after:
        pass
    assert after.growth_mib < 16
