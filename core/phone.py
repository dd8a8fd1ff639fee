"""Phone numbers as people in Germany write them: read, stored and shown with `phonenumbers`.

A number is accepted as written ("0211 123456", "0211/123456", "+49 211 123456",
"(0211) 12 34 56"); a number without a country code counts as German. It is stored
in the international form E.164 ("+49211123456"), linked as "tel:+49211123456" and
shown as people here read it: German numbers in the national form ("0211 123456"),
others in the international form.
"""

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Numbers written without a country code are German; a default here keeps settings untouched.
DEFAULT_REGION = "DE"

INVALID_MESSAGE = _(
    "Das ist keine gültige Telefonnummer. Bitte die Nummer mit Vorwahl angeben, "
    "z. B. 0211 8371622, oder mit Ländervorwahl, z. B. +49 211 8371622."
)

PHONE_HELP_TEXT = _(
    "So, wie man sie schreibt, z. B. 0211 8371622, 0211/8371622, (0211) 837 16 22 oder "
    "+49 211 8371622. Ohne Ländervorwahl gilt sie als deutsche Nummer."
)


def parse_phone(value):
    """The number as a `phonenumbers.PhoneNumber`, or None when it cannot be a phone number.

    An extension ("… ext. 5") counts as unreadable: E.164 has no place for it, and
    storing the number without it would lose a part of what was written.
    """
    try:
        number = phonenumbers.parse(str(value), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return number


def normalize_phone(value):
    """The number in E.164 ("+492118371622"); a value that is no number comes back unchanged."""
    number = parse_phone(value) if value else None
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else value
    )


def format_phone(value):
    """The number as people here read it: "0211 8371622", or "+33 1 23 45 67 89" abroad."""
    number = parse_phone(value) if value else None
    if number is None:
        return value
    german = phonenumbers.region_code_for_number(number) == DEFAULT_REGION
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if german
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_uri(value):
    """The number as a `tel:` URI, e.g. "tel:+492118371622".

    A stored value that cannot be read keeps its plus and its digits (the trunk prefix
    "(0)" dropped), as the site linked numbers before it read them with `phonenumbers`.
    """
    if not value:
        return ""
    if number := parse_phone(value):
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"[^\d+]", "", value.replace("(0)", ""))
    return f"tel:{digits}" if digits else ""


def validate_phone(value):
    """Reject what cannot be a phone number (old migrations import this name)."""
    if parse_phone(value) is None:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")


class PhoneNumberFormField(forms.CharField):
    """Accepts a number as written in Germany, cleans it to E.164 and shows it nationally."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        if parse_phone(value) is None:
            raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
        return normalize_phone(value)

    def prepare_value(self, value):
        return format_phone(value) if isinstance(value, str) else value


class PhoneNumberField(models.CharField):
    """A phone number, stored in E.164 however it was written."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        """Store a readable number in E.164, also when code (not a form) sets it."""
        value = normalize_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})
