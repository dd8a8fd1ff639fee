"""The published directory as open data: JSON and CSV, streamed row by row."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from partners.models import OPEN_DATA_FIELDS, TaggedPartner

CHUNK_SIZE = 500


def records(partners, build_url):
    """The open data of each partner, in the order they were added.

    Partners and their tags are read as two sorted streams and merged, so the
    export needs two queries and little memory at any size.
    """
    partners = partners.select_related("group").order_by("pk")
    tags = (
        TaggedPartner.objects.filter(content_object__in=partners.values("pk"))
        .order_by("content_object_id", "tag__name")
        .values_list("content_object_id", "tag__name")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    pending = next(tags, None)
    for partner in partners.iterator(chunk_size=CHUNK_SIZE):
        names = []
        while pending is not None and pending[0] <= partner.pk:
            if pending[0] == partner.pk:
                names.append(pending[1])
            pending = next(tags, None)
        yield partner.open_data(build_url, tag_names=sorted(names, key=str.casefold))


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
