"""Amounts of money as people type them: 12.5, 12.50元, ¥12.50, １２.５ — read as exact Decimals
(yuan, to the fen), never through a float (docs/spreadsheets.md#dues-columns)."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^(-)?(\d+(?:\.\d*)?|\.\d+)$")
_DECORATION = re.compile(r"[\s,，¥￥]|元$|人民币")


class AmountError(ValueError):
    """`code`: "bad_amount" (not a number, or finer than the fen) or "negative_amount"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_amount(raw) -> Decimal:
    """An amount in yuan as a Decimal with two places. Raises AmountError."""
    if isinstance(raw, bool):
        raise AmountError("bad_amount")
    if isinstance(raw, (Decimal, int)):
        text = str(raw)
    elif isinstance(raw, float):
        # A number cell: Excel keeps 12.5 as the double nearest to it; its shortest repr is what
        # was typed (repr(12.5) == "12.5"), so the Decimal is exact without float arithmetic.
        text = repr(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip()
        text = _DECORATION.sub("", text)
        text = text.removesuffix("元")
    match = _AMOUNT.match(text)
    if not match:
        raise AmountError("bad_amount")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise AmountError("bad_amount") from None
    if value < 0:
        raise AmountError("negative_amount")
    if value != value.quantize(Decimal("0.01")):
        raise AmountError("bad_amount")  # finer than the fen
    if value >= Decimal("100000000"):
        raise AmountError("bad_amount")
    return value.quantize(Decimal("0.01"))
