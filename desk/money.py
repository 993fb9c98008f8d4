"""Money as exact decimals (yuan with two places), never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import ValidationFailed

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # fits Numeric(12, 2)


def parse_amount(value: object, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """'1,234.5', '¥88', '88元' or a Decimal -> Decimal('1234.50'); floats are refused outright."""
    if isinstance(value, float):
        raise TypeError("money must not be passed as float; pass a str or Decimal")
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value or "").strip().replace(",", "").replace("，", "")
        text = text.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        if not text:
            raise ValidationFailed("desk.error.amount_required", field=field)
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationFailed("desk.error.amount_invalid", field=field, value=str(value)) from exc
    if not amount.is_finite() or amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationFailed("desk.error.amount_invalid", field=field, value=str(value))
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_AMOUNT:
        raise ValidationFailed("desk.error.amount_range", field=field, value=str(value))
    return amount.quantize(CENT)


def format_amount(amount: Decimal) -> str:
    """¥1,234.50; a shortfall reads -¥8.50."""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
