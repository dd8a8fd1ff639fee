"""The sitemap and robots.txt that point search engines to every public page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from partners.models import Partner
from stakeholders.models import StakeholderGroup

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def get_xml(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def sitemap_entries(client):
    """address → lastmod of every address on every page the sitemap index lists."""
    entries = {}
    for page in get_xml(client, "/sitemap.xml").iter(f"{SITEMAP}sitemap"):
        address = page.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        for url in get_xml(client, address).iter(f"{SITEMAP}url"):
            location = url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
            entries[location] = url.findtext(f"{SITEMAP}lastmod")
    return entries


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_in_both_languages_with_lastmod(client, network):
    entries = sitemap_entries(client)
    expected = {"/", "/partner/", "/akteure/", "/kontakt/"}
    # Ended partners keep their page, so search engines keep finding it.
    expected |= {p.get_absolute_url() for p in [network.partner, network.other_partner]}
    expected |= {network.ended.get_absolute_url(), network.actor.get_absolute_url()}
    expected |= {g.get_absolute_url() for g in StakeholderGroup.objects.all()}
    assert set(entries) == expected | {f"/en{url}" for url in expected}
    assert network.draft.get_absolute_url() not in entries
    assert network.hidden_actor.get_absolute_url() not in entries
    for lastmod in entries.values():
        datetime.date.fromisoformat(lastmod)


@pytest.mark.django_db
def test_sitemap_lastmod_follows_the_latest_change(client, network):
    partner = network.partner
    changed = timezone.now() + datetime.timedelta(days=3)
    Partner.objects.filter(pk=partner.pk).update(updated_at=changed)
    entries = sitemap_entries(client)
    day = timezone.localdate(changed).isoformat()
    assert entries[partner.get_absolute_url()] == day
    assert entries[f"/en{partner.get_absolute_url()}"] == day
    assert entries["/partner/"] == day
    assert entries["/"] == day
    assert entries[partner.group.get_absolute_url()] == day  # the group page lists it
    assert entries[network.other_partner.get_absolute_url()] != day
    assert entries[network.other_partner.group.get_absolute_url()] != day
    assert entries["/kontakt/"] != day


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /suche/" in lines


@pytest.mark.django_db
def test_robots_txt_names_the_public_https_address_behind_the_proxy(client, settings):
    settings.ALLOWED_HOSTS = ["www.example.nrw.de"]
    response = client.get(
        "/robots.txt", headers={"host": "www.example.nrw.de", "x-forwarded-proto": "https"}
    )
    assert "Sitemap: https://www.example.nrw.de/sitemap.xml" in response.content.decode()
