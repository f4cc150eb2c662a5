"""Short codes people read off a screen or a receipt and type on a phone: no look-alike
characters (0/O, 1/I/L), upper case only."""

from __future__ import annotations

import secrets

READABLE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int) -> str:
    return "".join(secrets.choice(READABLE) for _ in range(length))
