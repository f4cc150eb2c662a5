"""Where the benchmarks come from: the file shipped with Nærvær, or the one an operator has
loaded since (``naervaer benchmarks load FILE``), kept in the var directory. (A file loaded in
the format before sectors, job groups and causes, ``industry_benchmarks.csv``, is no longer
read: load it again in the new format.)"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from naervaer.rules.benchmarks import Benchmark, parse

SHIPPED = Path(__file__).resolve().parent / "reference" / "benchmarks.csv"


def loaded_path() -> Path:
    return Path(settings.VAR_DIR) / "benchmarks.csv"


def current_file() -> Path:
    path = loaded_path()
    return path if path.exists() else SHIPPED


_cache: dict[tuple[str, float], list[Benchmark]] = {}


def benchmarks() -> list[Benchmark]:
    path = current_file()
    key = (str(path), path.stat().st_mtime)
    if key not in _cache:
        _cache.clear()
        _cache[key] = parse(path.read_text(encoding="utf-8-sig"))
    return _cache[key]


def install(text: str) -> list[Benchmark]:
    """Validate a benchmark file and make it the one in use."""
    parsed = parse(text)
    path = loaded_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return parsed
