import pytest

from naervaer.rules.cvr import is_valid_cvr, normalise_cvr


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("55133018", True),  # Aarhus Kommune: 5·2+5·7+1·6+3·5+3·4+0·3+1·2+8·1 = 88 = 8·11
        ("29189420", True),  # 2·2+9·7+1·6+8·5+9·4+4·3+2·2+0·1 = 165 = 15·11
        ("DK 5513 3018", True),  # as written on invoices
        ("55133019", False),  # wrong check digit
        ("5513301", False),  # seven digits
        ("05133018", False),  # cannot start with 0
        ("5513301A", False),
        ("", False),
    ],
)
def test_cvr_check_digit(value: str, valid: bool) -> None:
    assert is_valid_cvr(value) is valid


def test_normalise_strips_prefix_and_spaces() -> None:
    assert normalise_cvr(" dk 55-13-30-18 ") == "55133018"
