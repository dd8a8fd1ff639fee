import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_partner

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


@pytest.mark.django_db
def test_feed_is_atom_with_one_entry_per_listed_partner(client, network):
    feed = parse_atom(client.get("/feeds/partner/"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "newtrade nrw: neue und aktualisierte Partnerangebote"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Testbüro, Büro für Tests"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    # Neither the draft nor the ended partner: the feed announces what is on offer.
    assert sorted(titles) == sorted([network.partner.name, network.other_partner.name])


@pytest.mark.django_db
def test_feed_names_the_site_as_author_without_office_record(client):
    make_partner()
    feed = parse_atom(client.get("/feeds/partner/"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "newtrade nrw"


@pytest.mark.django_db
def test_feed_entries_link_to_the_partner_pages_and_carry_dates_and_tags(client):
    partner = make_partner(name="Frisch im Feed", teaser="Ganz neu.", tags=["Neu", "Mehrweg"])
    feed = parse_atom(client.get("/feeds/partner/"))
    first = feed.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "Frisch im Feed"
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{partner.get_absolute_url()}"
    assert first.findtext(f"{ATOM}id") == f"http://testserver{partner.get_absolute_url()}"
    assert first.findtext(f"{ATOM}summary") == "Ganz neu."
    assert {c.get("term") for c in first.iter(f"{ATOM}category")} == {"Neu", "Mehrweg"}
    updated = datetime.datetime.fromisoformat(first.findtext(f"{ATOM}updated"))
    assert updated == partner.updated_at
    assert feed.findtext(f"{ATOM}updated") == first.findtext(f"{ATOM}updated")


@pytest.mark.django_db
def test_feed_orders_by_latest_change_so_updates_come_first(client):
    old = make_partner(name="Älteres Angebot")
    for _ in range(3):
        make_partner()
    old.teaser = "Überarbeiteter Kurztext."
    old.save()
    feed = parse_atom(client.get("/feeds/partner/"))
    dates = [entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")]
    assert len(dates) == 4
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "Älteres Angebot"
    assert dates == sorted(dates, reverse=True)


@pytest.mark.django_db
def test_feed_is_linked_from_every_page(client):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/partner/"' in html
