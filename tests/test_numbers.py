"""``naervaer.numbers.Fixed`` writes exactly what the template filter ``floatformat`` writes."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from naervaer.numbers import Fixed


@pytest.mark.parametrize(
    ("value", "places", "danish", "english", "unlocalized"),
    [
        # Worked by hand: half up on the float's shortest text, not on its binary value, so
        # 2.675 (stored as 2.67499999…) is 2,68 and 0.125 is 0,13 (Python's round gives 2.67
        # and 0.12).
        (2.675, 2, "2,68", "2.68", "2.68"),
        (0.125, 2, "0,13", "0.13", "0.13"),
        (0.05, 1, "0,1", "0.1", "0.1"),
        (11.345, 2, "11,35", "11.35", "11.35"),
        (9.0, 1, "9,0", "9.0", "9.0"),
        (100.0, 1, "100,0", "100.0", "100.0"),
        (0.0, 2, "0,00", "0.00", "0.00"),
        (-0.0, 2, "0,00", "0.00", "0.00"),
        (-0.004, 2, "0,00", "0.00", "0.00"),  # no minus before a zero
        (-1.25, 1, "-1,3", "-1.3", "-1.3"),
        (12345.678, 2, "12345,68", "12345.68", "12345.68"),  # no grouping, as the filter
        (1e16, 1, "10000000000000000,0", "10000000000000000.0", "10000000000000000.0"),
        (None, 2, "", "", ""),
    ],
)
def test_fixed_by_hand(
    value: float | None, places: int, danish: str, english: str, unlocalized: str
) -> None:
    with translation.override("da"):
        assert Fixed(places)(value) == danish
        assert Fixed(places, localized=False)(value) == unlocalized
    with translation.override("en"):
        assert Fixed(places)(value) == english


@given(
    value=st.floats(allow_nan=True, allow_infinity=True) | st.floats(min_value=-1e4, max_value=1e4),
    places=st.integers(min_value=1, max_value=3),
    language=st.sampled_from(["da", "en"]),
)
def test_fixed_is_floatformat(value: float, places: int, language: str) -> None:
    with translation.override(language):
        assert Fixed(places)(value) == floatformat(value, places)
        assert Fixed(places, localized=False)(value) == floatformat(value, f"{places}u")


def test_fixed_refuses_what_it_would_write_differently(settings: object) -> None:
    with pytest.raises(ValueError, match="places"):
        Fixed(0)
    settings.USE_THOUSAND_SEPARATOR = True  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="thousands"):
        Fixed(2)
    assert Fixed(2, localized=False)(1234.5) == floatformat(1234.5, "2u")
