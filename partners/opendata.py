"""The published directory as open data: JSON and CSV, streamed row by row."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from partners.models import OPEN_DATA_FIELDS

CHUNK_SIZE = 500


def records(partners, build_url):
    """The open data of each partner, read from the database in chunks."""
    for partner in partners.iterator(chunk_size=CHUNK_SIZE):
        yield partner.open_data(build_url)


def json_chunks(records, **metadata):
    """A JSON object with `metadata` and the records under "partners", piece by piece."""
    document = {**metadata, "generated_at": timezone.localtime().isoformat(timespec="seconds")}
    head = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    yield head[:-2] + ',\n "partners": ['
    for position, record in enumerate(records):
        separator = ",\n  " if position else "\n  "
        yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n ]\n}\n"


def csv_rows(records):
    """Each record as a CSV row; tags joined with commas."""
    for record in records:
        record["tags"] = ", ".join(record["tags"])
        yield [record[field] for field in OPEN_DATA_FIELDS]
