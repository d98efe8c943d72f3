import pytest

from marketplace.employers.business_id import check_digit, is_valid_business_id


@pytest.mark.parametrize(
    "value",
    ["0737546-2", "2331972-7", "1572860-0", "0112038-9", " 0737546-2 ", "737546-2"],
)
def test_valid_business_ids(value: str) -> None:
    assert is_valid_business_id(value)


@pytest.mark.parametrize(
    "value", ["0737546-3", "0737546", "07375462", "abcdefg-h", "", "12345678-9", "1234567-"]
)
def test_invalid_business_ids(value: str) -> None:
    assert not is_valid_business_id(value)


def test_remainder_one_has_no_check_digit() -> None:
    # weights 7,9,10,5,8,4,2: "0000010" sums to 4 (no), find one with remainder 1 by search
    base = next(
        f"{n:07d}"
        for n in range(10_000)
        if sum(int(d) * w for d, w in zip(f"{n:07d}", (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        == 1
    )
    assert check_digit(base) is None
    assert not any(is_valid_business_id(f"{base}-{d}") for d in range(10))
