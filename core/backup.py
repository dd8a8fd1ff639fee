"""Export and import of the whole network, with its history, as one JSON file.

This is the application-level backup beside `pg_dump`: it works on SQLite and
PostgreSQL alike, and a file from one imports into the other. Rows keep their
primary keys; content types and permissions are referred to by natural keys,
as their numbering differs between databases.
"""

import json

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

# What can go wrong while loading; the transaction then leaves the database as it was.
IMPORT_ERRORS = (DatabaseError, DeserializationError, ObjectDoesNotExist, ValidationError)


def export(path):
    call_command(
        "dumpdata",
        *settings.BACKUP_LABELS,
        natural_foreign=True,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def check_file(path):
    """Refuse anything but a dumpdata file of these models, before touching the database."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not a readable JSON file: {error}") from error
    if not isinstance(records, list) or not all(
        isinstance(record, dict) and "model" in record and "fields" in record for record in records
    ):
        raise ValueError(f"{path} is not a network export (a list of model records).")
    known = {label.split(".")[0] for label in settings.BACKUP_LABELS}
    stray = {r["model"] for r in records if r["model"].split(".")[0] not in known}
    if stray:
        raise ValueError(f"{path} holds records this import does not restore: {sorted(stray)}")
    return len(records)


def replace_with(path):
    """Empty the database and load the file, all in one transaction: on any error
    the database stays as it was."""
    count = check_file(path)
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(path), verbosity=0)
    return count
