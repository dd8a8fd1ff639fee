"""Small factories for test data; each call makes a new, distinct row."""

from itertools import count

from partners.models import Partner
from stakeholders.models import Actor, Role, StakeholderGroup

_numbers = count(1)


def make_group(**fields):
    n = next(_numbers)
    fields = {
        "name": f"Testgruppe {n}",
        "slug": f"testgruppe-{n}",
        "role": Role.EXPERTISE,
        "description": "Eine Gruppe für Tests.",
        "order": 100 + n,
        **fields,
    }
    return StakeholderGroup.objects.create(**fields)


def make_actor(**fields):
    n = next(_numbers)
    fields = {"name": f"Testakteur {n}", "slug": f"testakteur-{n}", "is_public": True, **fields}
    fields.setdefault("group", make_group())
    return Actor.objects.create(**fields)


def make_partner(tags=(), **fields):
    n = next(_numbers)
    fields = {
        "name": f"Testpartner {n}",
        "slug": f"testpartner-{n}",
        "teaser": f"Kurztext von Testpartner {n}.",
        "is_published": True,
        **fields,
    }
    fields.setdefault("group", make_group())
    partner = Partner.objects.create(**fields)
    if tags:
        partner.tags.add(*tags)
    return partner
