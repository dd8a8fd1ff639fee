"""Store the phone numbers already entered in E.164 ("+49 (0)211/837-1622" → "+492118371622").

A value that cannot be read as a phone number stays as it is: no data is lost. The
history is converted too, so that the next change does not show every number as changed.
The rule is written out here (not imported from core.phone), so that this migration keeps
doing what it did when core.phone changes.
"""

import phonenumbers
from django.db import migrations

MODELS = ["Office", "HistoricalOffice", "ContactPerson", "HistoricalContactPerson"]


def e164(value):
    """The number in E.164, or None when the value cannot be read as one."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def convert_phone_numbers(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("stakeholders", name)
        rows = model._default_manager.exclude(phone="").values_list("pk", "phone")
        for pk, phone in list(rows):
            converted = e164(phone)
            if converted and converted != phone:
                model._default_manager.filter(pk=pk).update(phone=converted)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0010_imprint_facts_and_phone_field"),
    ]

    operations = [
        migrations.RunPython(convert_phone_numbers, migrations.RunPython.noop),
    ]
