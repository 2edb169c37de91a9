"""The registry's own cell values — ID numbers, phones, credit codes, ethnic groups — read through
the same validators as the forms, so that a form and an import cannot disagree
(docs/spreadsheets.md, "Values"). The generic ones (text, numbers, dates, choices) are in
`spreadsheets.values`."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from branches.creditcodes import normalize_credit_code, validate_credit_code
from branches.phones import LANDLINE, MOBILE, normalize_phone, validate_phone
from registry.idnumbers import normalize_id_number, validate_id_number
from spreadsheets.errors import CellError
from spreadsheets.values import cell_text, check_length, number_text

# The 56 ethnic groups: "汉" is "汉族" (docs/spreadsheets.md#choices: 汉 for 汉族).
ETHNIC_GROUPS = frozenset(
    [
        "汉族",
        "蒙古族",
        "回族",
        "藏族",
        "维吾尔族",
        "苗族",
        "彝族",
        "壮族",
        "布依族",
        "朝鲜族",
        "满族",
        "侗族",
        "瑶族",
        "白族",
        "土家族",
        "哈尼族",
        "哈萨克族",
        "傣族",
        "黎族",
        "傈僳族",
        "佤族",
        "畲族",
        "高山族",
        "拉祜族",
        "水族",
        "东乡族",
        "纳西族",
        "景颇族",
        "柯尔克孜族",
        "土族",
        "达斡尔族",
        "仫佬族",
        "羌族",
        "布朗族",
        "撒拉族",
        "毛南族",
        "仡佬族",
        "锡伯族",
        "阿昌族",
        "普米族",
        "塔吉克族",
        "怒族",
        "乌孜别克族",
        "俄罗斯族",
        "鄂温克族",
        "德昂族",
        "保安族",
        "裕固族",
        "京族",
        "塔塔尔族",
        "独龙族",
        "鄂伦春族",
        "赫哲族",
        "门巴族",
        "珞巴族",
        "基诺族",
    ]
)


def ethnicity_parser(raw) -> str:
    value = unicodedata.normalize("NFKC", cell_text(raw)).replace(" ", "")
    if value not in ETHNIC_GROUPS and f"{value}族" in ETHNIC_GROUPS:
        value = f"{value}族"
    check_length(value, 20)
    return value


def id_number_parser(raw) -> str:
    """GB 11643 through the model's validator. A number cell of 16 digits or more has lost its
    last digits to Excel's floating point: it is shown as Excel shows it (3.60983E+17)."""
    if raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw.isalnum():
        number = raw.upper()  # the usual case, already clean
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and abs(raw) >= 1e15:
        number = f"{raw:.5E}"  # as Excel shows it: 3.60983E+17
    else:
        number = normalize_id_number(number_text(raw))
    try:
        validate_id_number(number)
    except ValidationError as error:
        raise CellError.from_validation_error(error) from None
    return number


def phone_parser(raw) -> str:
    phone = normalize_phone(number_text(raw))
    if phone.isdigit() and (MOBILE.match(phone) or LANDLINE.match(phone)):
        return phone  # what validate_phone accepts, without normalizing a second time
    try:
        validate_phone(phone)
    except ValidationError as error:
        raise CellError.from_validation_error(error) from None
    return phone


def credit_code_parser(raw) -> str:
    code = normalize_credit_code(number_text(raw))
    try:
        validate_credit_code(code)
    except ValidationError as error:
        raise CellError.from_validation_error(error) from None
    return code


# Values that are people in the development pipeline, not members (docs/domain.md#development).
NOT_YET_MEMBER_HINT = gettext_lazy(
    "An activist or applicant is not yet a party member: they belong to the development pipeline, not to this roster."
)
NOT_YET_MEMBERS = dict.fromkeys(("入党积极分子", "积极分子", "入党申请人", "发展对象"), NOT_YET_MEMBER_HINT)
