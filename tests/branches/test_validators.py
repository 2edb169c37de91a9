"""Validators with real and broken numbers."""

import pytest
from django.core.exceptions import ValidationError

from branches.creditcodes import validate_credit_code
from branches.phones import normalize_phone, validate_phone
from registry.idnumbers import birth_date_from_id, gender_from_id, validate_id_number
from tests.factories import make_credit_code, make_id_number

# Published example numbers with correct check characters.
VALID_IDS = ["11010519491231002X", "110101199003077897"]
VALID_CREDIT_CODES = ["91350100M000100Y43", "91110000802100433B"]


@pytest.mark.parametrize("number", VALID_IDS + [make_id_number() for _ in range(20)])
def test_valid_id_numbers(number):
    validate_id_number(number)


@pytest.mark.parametrize(
    "number, code",
    [
        ("11010519491231002Y", "id_number_characters"),
        ("110105194912310021", "id_number_check"),
        ("1.10105E+17", "id_number_float"),
        ("110105491231002", "id_number_old"),
        ("1101051949123100", "id_number_length"),
        ("110105194902300028", "id_number_birth"),  # 30 February
        ("", "id_number_length"),
    ],
)
def test_broken_id_numbers(number, code):
    with pytest.raises(ValidationError) as error:
        validate_id_number(number)
    assert error.value.code == code


def test_lowercase_x_and_full_width_digits_are_accepted():
    validate_id_number("11010519491231002x")
    validate_id_number("１１０１０５１９４９１２３１００２Ｘ")


def test_birth_date_and_gender_from_id():
    assert birth_date_from_id("11010519491231002X").isoformat() == "1949-12-31"
    assert gender_from_id("11010519491231002X") == "female"
    assert gender_from_id("110101199003077897") == "male"


@pytest.mark.parametrize("code", VALID_CREDIT_CODES + [make_credit_code(seed) for seed in range(20)])
def test_valid_credit_codes(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    "code, error_code",
    [
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M0001O0Y43", "credit_code_character"),
    ],
)
def test_broken_credit_codes(code, error_code):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == error_code


@pytest.mark.parametrize(
    "typed, digits",
    [
        ("139 1234 5678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("0086 13912345678", "13912345678"),
        ("(010) 6512-3456", "01065123456"),
        ("０５９１－８７６５４３２１", "059187654321"),
    ],
)
def test_phones_normalize_and_validate(typed, digits):
    assert normalize_phone(typed) == digits
    validate_phone(typed)


@pytest.mark.parametrize("typed", ["12345", "1391234567", "139123456789", "abc", "23912345678"])
def test_bad_phones(typed):
    with pytest.raises(ValidationError):
        validate_phone(typed)
