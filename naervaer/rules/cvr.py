"""CVR numbers (Det Centrale Virksomhedsregister).

A CVR number has eight digits; the last is a modulus-11 check digit with the weights
2, 7, 6, 5, 4, 3, 2, 1 (source: Erhvervsstyrelsen, "Modulus 11-kontrol af CVR-nummer").
"""

from __future__ import annotations

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(value: str) -> str:
    """Strip spaces and an optional "DK" prefix, as CVR numbers are often written "DK 5513 3018"."""
    cleaned = value.strip().upper().replace(" ", "").replace("-", "")
    return cleaned.removeprefix("DK")


def is_valid_cvr(value: str) -> bool:
    """True when ``value`` is eight digits, not starting with 0, with a correct check digit."""
    cvr = normalise_cvr(value)
    if len(cvr) != 8 or not cvr.isdigit() or cvr[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(cvr, WEIGHTS, strict=True)) % 11 == 0
