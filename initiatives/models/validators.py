import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s./()\-]")


def phone_digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def validate_phone(value: str) -> None:
    digits = phone_digits(value)
    if re.fullmatch(r"0\d{8,9}", digits) or re.fullmatch(r"\+[1-9]\d{7,14}", digits):
        return
    raise ValidationError(
        _("Enter a phone number in Belgian form (0…) or international form (+32 …)."),
        code="phone",
    )


def phone_tel_uri(value: str) -> str:
    """tel: link target in international form, so it dials from any phone."""
    digits = phone_digits(value)
    if digits.startswith("0"):
        digits = "+32" + digits[1:]
    return f"tel:{digits}"
