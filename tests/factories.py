"""Small factories for test data; each call makes a new, distinct row.

The test database holds none of the initial content (tests/initial_content.py
removes it): a test builds what it asserts on here.
"""

import datetime
from itertools import count

from django.contrib.auth.models import Group, User

from pages.models import AccessibilityStatement, BarrierReport, Compliance, Page
from partners.models import EntryReport, Partner
from stakeholders.models import Actor, ContactPerson, Office, Role, StakeholderGroup

_numbers = count(1)

# The first bytes of a sign-language video file, as the upload check reads them.
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100
WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 100


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
    if "group" not in fields:
        fields["group"] = make_group()
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
    if "group" not in fields:
        fields["group"] = make_group()
    partner = Partner.objects.create(**fields)
    if tags:
        partner.tags.add(*tags)
    return partner


def make_contact(entry, **fields):
    n = next(_numbers)
    fields = {"name": f"Ansprechperson {n}", "role": "Referentin", **fields}
    return ContactPerson.objects.create(partner_entry=entry, **fields)


# The office's record as the site publishes it (its page "Das Büro"), for tests of
# how the site writes these values.
PUBLISHED_OFFICE = {
    "name": "newtrade nrw",
    "subtitle": "Büro für Nachhaltige Beschaffung",
    "street": "Stadttor 1",
    "postal_code": "40190",
    "city": "Düsseldorf",
    "phone": "+49 (0)211/837-1622",
}

# A barrier report as a visitor fills in the form.
BARRIER_FORM = {
    "name": "Erika Muster",
    "email": "erika@example.org",
    "page": "/partner/",
    "message": "Der Filter lässt sich mit dem Bildschirmleser nicht bedienen.",
}


def make_office(**fields):
    """The office record; the site has one, so a second call changes the first."""
    fields = {
        "name": "Testbüro",
        "subtitle": "Büro für Tests",
        "street": "Teststraße 1",
        "postal_code": "40210",
        "city": "Düsseldorf",
        "phone": "+49 (0)211/555-0100",
        **fields,
    }
    office = Office.objects.current()
    if office is None:
        return Office.objects.create(**fields)
    for name, value in fields.items():
        setattr(office, name, value)
    office.save()
    return office


def make_page(slug=Page.Slug.IMPRINT, **fields):
    fields = {"title": f"Überschrift {slug}", "body": f"Text der Seite {slug}.", **fields}
    return Page.objects.update_or_create(slug=slug, defaults=fields)[0]


def make_statement(**fields):
    fields = {
        "compliance": Compliance.PARTIAL,
        "non_accessible": "Ein Testinhalt ist nicht barrierefrei.",
        "method": "Selbstbewertung für Tests.",
        "enforcement": "Die Ombudsstelle für Tests.",
        "written_on": datetime.date(2026, 1, 15),
        "reviewed_on": datetime.date(2026, 2, 1),
        **fields,
    }
    return AccessibilityStatement.objects.create(**fields)


def make_barrier_report(**fields):
    fields = {"page": "/kontakt/", "message": "Der Kontrast ist zu schwach.", **fields}
    return BarrierReport.objects.create(**fields)


def make_entry_report(partner=None, **fields):
    fields = {"problem": "Der Link geht nicht mehr.", **fields}
    return EntryReport.objects.create(partner=partner or make_partner(), **fields)


def make_staff(group="Redaktion", **fields):
    """A staff account in one of the roles the data migrations create."""
    n = next(_numbers)
    fields = {"username": f"mitarbeiterin-{n}", "password": "geheim-12345", **fields}
    user = User.objects.create_user(is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


class SampleNetwork:
    """A small network in every role, for tests of whole pages: the office, a group per
    role with a public and a hidden actor, published, draft and ended partners with
    tags, the fixed pages and the accessibility statement."""

    def __init__(self):
        self.office = make_office()
        self.groups = {
            role: make_group(name=f"Gruppe {role.label}", slug=f"gruppe-{role.value}", role=role)
            for role in Role
        }
        central = self.groups[Role.CENTRAL]
        self.actor = make_actor(name="Testamt Düsseldorf", group=central, place="Düsseldorf")
        self.hidden_actor = make_actor(name="Verborgener Akteur", group=central, is_public=False)
        self.partner = make_partner(
            name="Testportal Siegel",
            teaser="Vergleicht Gütezeichen für die Beschaffung.",
            description="Ein Portal, das Siegel nach Glaubwürdigkeit bewertet.",
            website="https://portal.example",
            operator="Testministerium",
            group=central,
            tags=["Gütezeichen", "Recht"],
        )
        self.other_partner = make_partner(
            name="Leitfaden Umwelt",
            teaser="Leitfäden für umweltfreundliche Beschaffung.",
            group=self.groups[Role.EXPERTISE],
            tags=["Umweltkriterien"],
        )
        self.draft = make_partner(name="Entwurf Partner", group=central, is_published=False)
        self.ended = make_partner(name="Beendetes Angebot", group=central, ended=True)
        self.pages = {slug: make_page(slug) for slug in Page.Slug}
        self.statement = make_statement()
