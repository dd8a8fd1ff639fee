"""Phone numbers as people in Germany write them: one stored form, the national display."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.phone import (
    PhoneNumberFormField,
    format_phone,
    normalize_phone,
    phone_uri,
    validate_phone,
)

WRITTEN_IN_GERMANY = ["0211 123456", "0211/123456", "+49 211 123456", "(0211) 12 34 56"]
NOT_A_NUMBER = ["12", "abc", "0211 12345678901234"]


class PhoneForm(forms.Form):
    phone = PhoneNumberFormField(required=False)


@pytest.mark.parametrize("written", WRITTEN_IN_GERMANY)
def test_each_way_of_writing_a_number_is_stored_in_one_international_form(written):
    form = PhoneForm({"phone": written})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+49211123456"
    assert normalize_phone(written) == "+49211123456"


def test_the_offices_old_written_form_is_read_too():
    assert normalize_phone("+49 (0)211/837-1622") == "+492118371622"


@pytest.mark.parametrize("written", NOT_A_NUMBER)
def test_what_cannot_be_a_number_gets_a_german_error(written):
    form = PhoneForm({"phone": written})
    assert not form.is_valid()
    [message] = form.errors["phone"]
    assert message.startswith("Das ist keine gültige Telefonnummer.")
    assert "z. B. 0211 8371622" in message
    with pytest.raises(ValidationError, match="keine gültige Telefonnummer"):
        validate_phone(written)


def test_an_extension_is_refused_rather_than_dropped():
    with pytest.raises(ValidationError):
        validate_phone("+49 211 837-1622 ext. 5")
    assert normalize_phone("+49 211 837-1622 ext. 5") == "+49 211 837-1622 ext. 5"


def test_an_empty_optional_number_stays_empty():
    form = PhoneForm({"phone": "  "})
    assert form.is_valid()
    assert form.cleaned_data["phone"] == ""


def test_german_numbers_are_shown_in_the_national_form_and_others_internationally():
    assert format_phone("+492118371622") == "0211 8371622"
    assert format_phone("+33123456789") == "+33 1 23 45 67 89"


def test_a_value_that_is_no_number_is_shown_and_kept_as_stored():
    assert format_phone("Zentrale, bitte erfragen") == "Zentrale, bitte erfragen"
    assert normalize_phone("Zentrale, bitte erfragen") == "Zentrale, bitte erfragen"
    assert format_phone("") == ""


def test_the_form_shows_a_stored_number_in_the_national_form():
    form = PhoneForm(initial={"phone": "+492118371622"})
    assert 'value="0211 8371622"' in str(form["phone"])


def test_the_form_shows_rejected_input_as_typed():
    form = PhoneForm({"phone": "abc"})
    assert 'value="abc"' in str(form["phone"])


def test_a_stored_number_that_is_unchanged_in_the_form_is_not_a_change():
    form = PhoneForm({"phone": "0211 8371622"}, initial={"phone": "+492118371622"})
    assert not form.has_changed()


@pytest.mark.parametrize(
    ("stored", "uri"),
    [
        ("+492118371622", "tel:+492118371622"),
        ("+49 (0)211/837-1622", "tel:+492118371622"),
        ("0211 837-1622", "tel:+492118371622"),
        ("", ""),
    ],
)
def test_phone_uri_links_the_international_form(stored, uri):
    assert phone_uri(stored) == uri
