"""How many listed partners of each group carry each tag: the counts of the partner
list's tag filter, kept current by PostgreSQL.

Counting them from the partners reads every tagged row of every listed partner: about
70 ms at 100,000 partners, whatever the indexes, on every list page made after a change.
On PostgreSQL the table `partners_tag_count` holds the counts instead, one row per group
and tag, for the partners that are published, not ended and not replaced (`listed()`
without its dates). Triggers installed by the migration keep it current in the same
transaction as every write, whatever makes it (`save()`, tags added or removed,
`QuerySet.update()`, `bulk_create()`, deletes, `loaddata`, plain SQL), once a statement
(the rows a statement changed are counted together). The "Veröffentlichen ab/bis" dates
change what is listed without a write: `listed_tag_counts(now)` subtracts the few
partners whose dates hide them at that moment (an indexed lookup).

Other databases have no table and count from the partners.
"""

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from taggit.models import Tag

from partners.models import Partner, TaggedPartner

TABLE = "partners_tag_count"

# Whether a partner row (`row.` columns) counts: `PartnerQuerySet.listed()` without the
# dates of its publication window, which are applied when the counts are read.
COUNTED = "{row}.is_published AND NOT {row}.ended AND {row}.successor_id IS NULL"


def _add(counted_sql):
    """Add the (group_id, tag_id, n) rows that `counted_sql` selects."""
    return f"""
            INSERT INTO {TABLE} (group_id, tag_id, partners)
            SELECT group_id, tag_id, n FROM ({counted_sql}) AS counted ORDER BY group_id, tag_id
            ON CONFLICT (group_id, tag_id)
            DO UPDATE SET partners = {TABLE}.partners + EXCLUDED.partners;"""


def _subtract(counted_sql):
    """Subtract the (group_id, tag_id, n) rows that `counted_sql` selects; rows at zero go."""
    return f"""
            UPDATE {TABLE} AS kept SET partners = kept.partners - counted.n
            FROM ({counted_sql}) AS counted
            WHERE kept.group_id = counted.group_id AND kept.tag_id = counted.tag_id;
            DELETE FROM {TABLE} WHERE partners <= 0;"""


def _tags_of_counted_partners(tagged):
    """The rows of the transition table `tagged` whose partner counts, per group and tag."""
    return (
        f"SELECT partner.group_id, tagged.tag_id, count(*) AS n FROM {tagged} AS tagged "
        "JOIN partners_partner AS partner ON partner.id = tagged.content_object_id "
        f"WHERE {COUNTED.format(row='partner')} GROUP BY partner.group_id, tagged.tag_id"
    )


def _tags_of_counted_rows(partners):
    """The tagged rows of the partners in the transition table `partners` that count,
    per group and tag."""
    return (
        f"SELECT partner.group_id, tagged.tag_id, count(*) AS n FROM {partners} AS partner "
        "JOIN partners_taggedpartner AS tagged ON tagged.content_object_id = partner.id "
        f"WHERE {COUNTED.format(row='partner')} GROUP BY partner.group_id, tagged.tag_id"
    )


def _lock_partners(tagged):
    """Wait for a change of these partners that another transaction has not committed
    yet, so that the counting below reads the partners as that change leaves them (the
    trigger on the partners counts its change without this statement's tagged rows)."""
    return (
        "PERFORM 1 FROM partners_partner WHERE id IN "
        f"(SELECT content_object_id FROM {tagged}) FOR SHARE;"
    )


def _return_unless_moved():
    """Leave at once when no updated partner starts or stops counting or changes group
    while it counts: most updates (an edit of the text, the search document renewed
    after its tags changed) leave the counts as they are, and this reads only the
    transition tables, where the counting below also reads the tagged rows."""
    counts_before = COUNTED.format(row="before_row")
    counts_after = COUNTED.format(row="after_row")
    return (
        "IF NOT EXISTS (SELECT 1 FROM before_rows AS before_row JOIN after_rows AS after_row "
        f"ON after_row.id = before_row.id WHERE ({counts_before}) <> ({counts_after}) "
        f"OR (({counts_before}) AND after_row.group_id <> before_row.group_id)) "
        "THEN RETURN NULL; END IF;"
    )


def _partners_moved(side, other):
    """The tagged rows of the updated partners that count on `side` ("before" or "after"
    the update) but not in the same group on the `other`, per group and tag."""
    counts_here = COUNTED.format(row=f"{side}_row")
    counts_there = COUNTED.format(row=f"{other}_row")
    return (
        f"SELECT {side}_row.group_id, tagged.tag_id, count(*) AS n FROM before_rows AS "
        "before_row JOIN after_rows AS after_row ON after_row.id = before_row.id "
        "JOIN partners_taggedpartner AS tagged ON tagged.content_object_id = before_row.id "
        f"WHERE ({counts_here}) AND (NOT ({counts_there}) "
        "OR after_row.group_id <> before_row.group_id) "
        f"GROUP BY {side}_row.group_id, tagged.tag_id"
    )


TRIGGERS = {
    # name: (table, event, transition tables, body)
    "tags_added": (
        "partners_taggedpartner",
        "INSERT",
        "REFERENCING NEW TABLE AS added",
        _lock_partners("added") + _add(_tags_of_counted_partners("added")),
    ),
    "tags_removed": (
        "partners_taggedpartner",
        "DELETE",
        "REFERENCING OLD TABLE AS removed",
        _lock_partners("removed") + _subtract(_tags_of_counted_partners("removed")),
    ),
    "tags_changed": (
        "partners_taggedpartner",
        "UPDATE",
        "REFERENCING OLD TABLE AS removed NEW TABLE AS added",
        _lock_partners("removed")
        + _lock_partners("added")
        + _subtract(_tags_of_counted_partners("removed"))
        + _add(_tags_of_counted_partners("added")),
    ),
    # A truncated table (Django's flush between transactional tests) counts nothing.
    "tags_truncated": ("partners_taggedpartner", "TRUNCATE", "", f"DELETE FROM {TABLE};"),
    # Published, hidden, ended, replaced or moved to another group: what counted before
    # and no longer counts in the same group goes, what counts now and did not comes.
    "partners_changed": (
        "partners_partner",
        "UPDATE",
        "REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows",
        _return_unless_moved()
        + _subtract(_partners_moved("before", "after"))
        + _add(_partners_moved("after", "before")),
    ),
    # A partner added after its tagged rows (loaddata restores a backup in the file's
    # order, the foreign keys checked at commit) brings their counts with it; added
    # before them, it has none yet and the tagged rows count themselves.
    "partners_added": (
        "partners_partner",
        "INSERT",
        "REFERENCING NEW TABLE AS added",
        _add(_tags_of_counted_rows("added")),
    ),
    # A partner deleted before its tagged rows (the database allows it within a
    # transaction) takes their counts with it; deleted after them, it has none left.
    "partners_removed": (
        "partners_partner",
        "DELETE",
        "REFERENCING OLD TABLE AS removed",
        _subtract(_tags_of_counted_rows("removed")),
    ),
}

INSTALL = [
    f"""CREATE TABLE {TABLE} (
        group_id bigint NOT NULL,
        tag_id integer NOT NULL,
        partners integer NOT NULL,
        PRIMARY KEY (group_id, tag_id)
    );""",
    *(
        statement
        for name, (table, event, referencing, body) in TRIGGERS.items()
        for statement in (
            f"""CREATE FUNCTION {TABLE}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {body}
                RETURN NULL;
            END $$;""",
            f"CREATE TRIGGER {TABLE}_{name} AFTER {event} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_{name}();",
        )
    ),
    # What exists when the table is made.
    f"""INSERT INTO {TABLE} (group_id, tag_id, partners)
        {_tags_of_counted_partners("partners_taggedpartner")};""",
]

REMOVE = [
    *(
        f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON {table};"
        for name, (table, *_rest) in TRIGGERS.items()
    ),
    *(f"DROP FUNCTION IF EXISTS {TABLE}_{name}();" for name in TRIGGERS),
    f"DROP TABLE IF EXISTS {TABLE};",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REMOVE:
            schema_editor.execute(statement)


def kept_counts():
    """Whether this database keeps the counts (PostgreSQL, after the migration)."""
    return connection.vendor == "postgresql"


# The counts for the partners listed at a moment (its two parameters): the table's, less
# the partners it counts whose dates hide them then (the opposite of
# PartnershipQuerySet.in_publication_window: "ab" still ahead or "bis" passed); those are
# few, found through the indexes on the dates.
LISTED = (
    "SELECT kept.group_id, kept.tag_id, kept.partners - COALESCE(hidden.n, 0) AS partners "
    f"FROM {TABLE} AS kept LEFT JOIN ("
    "SELECT partner.group_id, tagged.tag_id, count(*) AS n FROM partners_partner AS partner "
    "JOIN partners_taggedpartner AS tagged ON tagged.content_object_id = partner.id "
    f"WHERE {COUNTED.format(row='partner')} "
    "AND (partner.publish_from > %s OR partner.publish_until <= %s) "
    "GROUP BY partner.group_id, tagged.tag_id"
    ") AS hidden ON hidden.group_id = kept.group_id AND hidden.tag_id = kept.tag_id"
)


def listed_tag_counts(now=None):
    """(group pk, tag pk, tag name, tag slug, partners) for every group and tag that a
    partner listed at `now` (`Partner.objects.listed(now)`) carries."""
    now = now or timezone.now()
    if not kept_counts():
        return list(
            Partner.objects.listed(now)
            .filter(tags__isnull=False)
            .values_list("group", "tags", "tags__name", "tags__slug")
            .annotate(partners=models.Count("pk"))
            .order_by()
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT listed.group_id, listed.tag_id, tag.name, tag.slug, listed.partners "
            f"FROM ({LISTED}) AS listed JOIN taggit_tag AS tag ON tag.id = listed.tag_id "
            "WHERE listed.partners > 0",
            [now, now],
        )
        return cursor.fetchall()


def listed_tags(now=None):
    """The tags that partners listed at `now` carry, by name: a queryset (one query)."""
    now = now or timezone.now()
    if not kept_counts():
        listed = Partner.objects.listed(now).values("pk")
        carried = TaggedPartner.objects.filter(content_object__in=listed).values("tag")
        return Tag.objects.filter(pk__in=carried).order_by("name")
    tags = RawSQL(
        f"SELECT listed.tag_id FROM ({LISTED}) AS listed WHERE listed.partners > 0", [now, now]
    )
    return Tag.objects.filter(pk__in=tags).order_by("name")


class ListedTagCounts:
    """The kept counts read once (`listed_tag_counts`), summed up for a page of the list."""

    def __init__(self, now=None):
        self.rows = listed_tag_counts(now)

    def tags(self, group=None):
        """The tags of the listed partners (of `group`), each with its `partner_count`."""
        totals = {}
        for group_pk, pk, name, slug, partners in self.rows:
            if group is None or group_pk == group.pk:
                tag = totals.setdefault(pk, Tag(pk=pk, name=name, slug=slug))
                tag.partner_count = getattr(tag, "partner_count", 0) + partners
        return list(totals.values())

    def partners_with(self, tag, group=None):
        """How many listed partners (of `group`) carry `tag`."""
        return sum(
            partners
            for group_pk, pk, _name, _slug, partners in self.rows
            if pk == tag.pk and (group is None or group_pk == group.pk)
        )
