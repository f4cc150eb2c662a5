"""PDF documents, rendered with Typst (a Python wheel with its own fonts: no system packages).

Each document is a ``.typ`` template next to the app that owns it. The data goes in as JSON through
``sys.inputs``, so text typed by users is never parsed as Typst markup.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typst


def render(template: Path, data: Mapping[str, Any]) -> bytes:
    pdf = typst.compile(
        str(template),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
        ignore_system_fonts=True,
    )
    assert isinstance(pdf, bytes)
    return pdf


def day(value: datetime.date | None) -> str:
    """A date as Danes write it on paper, or a dash."""
    return value.strftime("%d.%m.%Y") if value else "—"
