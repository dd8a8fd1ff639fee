"""The office's partnership record and internal contacts never reach a public page.

A secret is planted in every internal field of a partner and an actor; then every
public page and file that shows them is opened (each must really show the entry,
so that the check cannot pass on a page that lists something else) and searched
for the secret.
"""

import datetime
from urllib.parse import quote

import pytest

from stakeholders.models import PartnershipStatus
from tests.factories import make_contact
from tests.public_pages import public_urls

SECRET = "Vertraulich: Budget noch offen"
SINCE, DUE = datetime.date(2019, 7, 13), datetime.date(2031, 9, 17)
CONTACT = {
    "name": "Interne Ansprechperson",
    "role": "Geheime Funktion",
    "email": "intern@example.org",
    "phone": "+49 211 9876543",
}
INTERNAL_VALUES = [
    SECRET,
    *CONTACT.values(),
    *(f"{day:%d.%m.%Y}" for day in [SINCE, DUE]),
    *(day.isoformat() for day in [SINCE, DUE]),
    "13. Juli 2019",
    "17. September 2031",
]


def plant_secrets(entry, status):
    entry.internal_notes = SECRET
    entry.next_step = f"{SECRET} (Schritt)"
    entry.next_step_due = DUE
    entry.partnership_since = SINCE
    entry.partnership_status = status
    entry.save()
    make_contact(entry, **CONTACT)


def body(response):
    assert response.status_code == 200, response.request["PATH_INFO"]
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def pages_showing(network):
    """(address, what shows that the page presents the planted entry) of every public
    page and file where the partner or the actor appears."""
    partner, actor = network.partner, network.actor
    partner_url, actor_url = partner.get_absolute_url(), actor.get_absolute_url()
    return [
        (partner_url, partner.name),
        (f"/en{partner_url}", partner.name),
        (f"{partner_url}melden/", partner.name),
        ("/", partner.name),
        ("/partner/", partner.name),
        ("/en/partner/", partner.name),
        (f"/partner/?gruppe={partner.group.slug}", partner.name),
        ("/partner/?q=Siegel", partner.name),
        (partner.group.get_absolute_url(), partner.name),
        (f"/suche/?q={quote(partner.name)}", partner.name),
        ("/feeds/partner/", partner.name),
        ("/partner.json", partner.name),
        ("/partner.csv", partner.name),
        ("/netzwerk.svg", partner.name),
        ("/sitemap-partners.xml", partner_url),
        (actor_url, actor.name),
        (f"/en{actor_url}", actor.name),
        (actor.group.get_absolute_url(), actor.name),
        ("/suche/?q=Testamt", actor.name),
        ("/sitemap-actors.xml", actor_url),
    ]


@pytest.mark.django_db
def test_internal_fields_never_appear_on_public_pages(client, network):
    plant_secrets(network.partner, PartnershipStatus.ACTIVE)
    plant_secrets(network.actor, PartnershipStatus.DORMANT)
    shown = pages_showing(network)
    for url, evidence in [*shown, *((url, None) for url in public_urls(network))]:
        html = body(client.get(url))
        if evidence is not None:
            assert evidence in html, f"{url} does not show the planted entry"
        for value in INTERNAL_VALUES:
            assert value not in html, (url, value)
        # The partnership's status labels ("aktiv", "ruhend").
        assert "aktiv" not in html.lower().replace("aktiven", ""), url
        assert "ruhend" not in html.lower(), url


@pytest.mark.django_db
def test_internal_fields_are_not_searchable(client, network):
    plant_secrets(network.partner, PartnershipStatus.ACTIVE)
    plant_secrets(network.actor, PartnershipStatus.DORMANT)
    for word in ["Budget", "Ansprechperson", "intern@example.org"]:
        found = client.get("/suche/", {"q": word})
        assert list(found.context["partners"]) == []
        assert list(found.context["actors"]) == []
        assert client.get("/partner/", {"q": word}).context["paginator"].count == 0
