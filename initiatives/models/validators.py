import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s./()\-]")
# Belgian short numbers of public lines: 3 to 6 digits starting with 1 (101, 106,
# 1712, 116000).
SHORT_NUMBER = re.compile(r"1\d{2,5}")


def phone_digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def validate_phone(value: str) -> None:
    digits = phone_digits(value)
    if re.fullmatch(r"0\d{8,9}", digits) or re.fullmatch(r"\+[1-9]\d{7,14}", digits):
        return
    if SHORT_NUMBER.fullmatch(digits):
        return
    raise ValidationError(
        _(
            "Enter a phone number in Belgian form (0…), international form (+32 …) "
            "or a short number such as 106."
        ),
        code="phone",
    )


def phone_tel_uri(value: str) -> str:
    """tel: link target in international form, so it dials from any phone."""
    digits = phone_digits(value)
    if SHORT_NUMBER.fullmatch(digits):
        return f"tel:{digits}"  # short numbers only dial as they are, inside Belgium
    if digits.startswith("0"):
        digits = "+32" + digits[1:]
    return f"tel:{digits}"
