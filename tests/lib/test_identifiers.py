import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.lib.identifiers import (
    PNC_CHECK_CHARACTERS,
    crn_from_number,
    is_valid_crn,
    is_valid_pnc,
    pnc_check_character,
    validate_pnc,
)

# ------------------------------------------------------------------------------------------------
# CRN


@pytest.mark.parametrize("value", ["X123456", "A000000", "Z999999"])
def test_a_letter_and_six_digits_is_a_crn(value):
    assert is_valid_crn(value)


@pytest.mark.parametrize(
    "value",
    [
        "x123456",
        "X12345",
        "X1234567",
        "XX123456",
        "123456X",
        " X123456",
        "X123456 ",
        "X12 456",
        "",
        "X",
        "Ä123456",
    ],
)
def test_anything_else_is_not_a_crn(value):
    assert not is_valid_crn(value)


@pytest.mark.parametrize("value", [None, 123456, b"X123456", ["X123456"]])
def test_a_crn_that_is_not_text_is_not_valid(value):
    assert not is_valid_crn(value)


def test_a_crn_is_built_from_a_letter_and_a_zero_padded_number():
    assert crn_from_number("X", 42) == "X000042"
    assert crn_from_number("A", 0) == "A000000"
    assert crn_from_number("Z", 999_999) == "Z999999"


@pytest.mark.parametrize("n", [-1, 1_000_000])
def test_a_crn_number_outside_six_digits_is_refused(n):
    with pytest.raises(ValueError, match="between 0 and 999999"):
        crn_from_number("X", n)


@pytest.mark.parametrize("n", [True, 1.0, "42"])
def test_a_crn_number_that_is_not_a_whole_number_is_refused(n):
    with pytest.raises(ValueError, match="whole number"):
        crn_from_number("X", n)


@pytest.mark.parametrize("letter", ["x", "XY", "", "1", "É", None])
def test_a_crn_letter_that_is_not_one_uppercase_letter_is_refused(letter):
    with pytest.raises(ValueError, match="uppercase letter"):
        crn_from_number(letter, 1)


@settings(deadline=None)
@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(0, 999_999))
def test_every_built_crn_is_valid(letter, n):
    assert is_valid_crn(crn_from_number(letter, n))


# ------------------------------------------------------------------------------------------------
# PNC check character, worked by hand:
#   2004/0012345: 04 followed by 0012345 is 40012345; 40012345 = 23 × 1739667 + 4  → index 4 = D
#   1999/1234567: 991234567 = 23 × 43097155 + 2                                     → index 2 = B
#   2020/0000001: 200000001 = 23 × 8695652 + 5                                      → index 5 = E
#   2000/0000000: 0                                                                 → index 0 = Z


@pytest.mark.parametrize(
    ("year", "serial", "check"),
    [(2004, 12345, "D"), (1999, 1234567, "B"), (2020, 1, "E"), (2000, 0, "Z")],
)
def test_the_check_character_matches_a_hand_calculation(year, serial, check):
    assert pnc_check_character(year, serial) == check


def test_only_the_last_two_digits_of_the_year_count():
    assert (
        pnc_check_character(1904, 12345) == pnc_check_character(2004, 12345) == pnc_check_character(4, 12345)
    )


@pytest.mark.parametrize(
    ("serial", "check"),
    # Year 2000 makes the number the serial itself: 8 → H, then I is skipped (9 → J), O is skipped
    # (14 → P), S is skipped (17 → T), 22 → Y and 23 wraps to Z.
    [(8, "H"), (9, "J"), (13, "N"), (14, "P"), (16, "R"), (17, "T"), (22, "Y"), (23, "Z")],
)
def test_the_check_characters_skip_i_o_and_s(serial, check):
    assert pnc_check_character(2000, serial) == check


def test_the_check_alphabet_has_twenty_three_letters_without_i_o_or_s():
    assert len(PNC_CHECK_CHARACTERS) == 23
    assert not set("IOS") & set(PNC_CHECK_CHARACTERS)


@pytest.mark.parametrize(
    ("year", "serial"), [(-1, 1), (2004, -1), (2004, 10_000_000), (True, 1), (2004, 1.0)]
)
def test_a_check_character_for_an_impossible_year_or_serial_is_refused(year, serial):
    with pytest.raises(ValueError):
        pnc_check_character(year, serial)


# ------------------------------------------------------------------------------------------------
# PNC validation


def test_a_correct_pnc_is_returned_unchanged():
    assert validate_pnc("2004/0012345D") == "2004/0012345D"


def test_a_pnc_is_normalised_to_uppercase_without_spaces_and_with_a_seven_digit_serial():
    assert validate_pnc("  2004/12345d \n") == "2004/0012345D"


def test_a_pnc_with_a_wrong_check_character_is_refused():
    with pytest.raises(ValueError, match="check character is E but should be D"):
        validate_pnc("2004/0012345E")


@pytest.mark.parametrize("letter", sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - {"D"}))
def test_every_other_check_letter_is_refused(letter):
    assert not is_valid_pnc(f"2004/0012345{letter}")


def test_the_short_form_takes_the_century_that_is_not_in_the_future():
    assert validate_pnc("04/12345D", reference_year=2025) == "2004/0012345D"
    assert validate_pnc("99/1234567B", reference_year=2025) == "1999/1234567B"
    this_year = f"25/0000001{pnc_check_character(25, 1)}"
    next_year = f"26/0000001{pnc_check_character(26, 1)}"
    assert validate_pnc(this_year, reference_year=2025).startswith("2025/")
    assert validate_pnc(next_year, reference_year=2025).startswith("1926/")


def test_the_short_form_defaults_to_this_year_as_reference():
    assert validate_pnc("04/12345D") == "2004/0012345D"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2004",
        "2004/",
        "2004/0012345",
        "2004-0012345D",
        "2004/00123456D",
        "20041/0012345D",
        "204/0012345D",
        "2004/0012345DD",
        "2004 /0012345D",
        "2004/0O12345D",
    ],
)
def test_a_pnc_in_the_wrong_shape_is_refused_with_the_expected_shape_named(value):
    with pytest.raises(ValueError, match="like 2004/0012345D"):
        validate_pnc(value)


@pytest.mark.parametrize("value", [None, 2004, b"2004/0012345D"])
def test_a_pnc_that_is_not_text_is_refused(value):
    with pytest.raises(ValueError, match="must be text"):
        validate_pnc(value)
    assert not is_valid_pnc(value)


@settings(deadline=None)
@given(st.integers(1900, 2099), st.integers(0, 9_999_999))
def test_every_pnc_with_its_computed_check_character_validates_to_itself(year, serial):
    pnc = f"{year}/{serial:07d}{pnc_check_character(year, serial)}"
    assert validate_pnc(pnc) == pnc


@settings(deadline=None)
@given(st.integers(1900, 2099), st.integers(0, 9_999_999), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_any_check_letter_other_than_the_computed_one_is_refused(year, serial, letter):
    valid = letter == pnc_check_character(year, serial)
    assert is_valid_pnc(f"{year}/{serial:07d}{letter}") is valid


@settings(deadline=None)
@given(st.integers(1900, 2099), st.integers(0, 9_999_999))
def test_changing_one_serial_digit_is_caught_by_the_check_character(year, serial):
    # 10^k is never a multiple of 23, so a single changed digit always changes the remainder.
    check = pnc_check_character(year, serial)
    digits = f"{serial:07d}"
    for position in range(7):
        for digit in "0123456789":
            if digit != digits[position]:
                changed = digits[:position] + digit + digits[position + 1 :]
                assert not is_valid_pnc(f"{year}/{changed}{check}")
