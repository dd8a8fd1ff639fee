"""Phone numbers as the site writes and links them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def phone_uri(number):
    """Turn a written phone number into a `tel:` URI.

    "+49 (0)211/837-1622" becomes "tel:+492118371622": the trunk prefix "(0)"
    is dropped and only the leading plus and the digits are kept.
    """
    digits = re.sub(r"[^\d+]", "", number.replace("(0)", ""))
    return f"tel:{digits}" if digits else ""


def validate_phone(value):
    if not re.fullmatch(r"\+[1-9][\d\s()/-]{5,24}", value.strip()):
        raise ValidationError(
            _(
                "Bitte die Nummer international mit Ländervorwahl angeben, "
                "z. B. +49 (0)211/837-1622."
            )
        )
