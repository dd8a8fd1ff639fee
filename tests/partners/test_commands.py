"""The management commands of the partners app."""

import io

import pytest
from django.core.management import call_command

from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_actor, make_partner


@pytest.fixture
def entries_to_check(site):
    """Partners (also a draft) and actors with and without a website on the local server."""
    for _ in range(2):
        make_partner(website=f"{site.url}/ok")
    make_partner(website=f"{site.url}/ok", is_published=False)
    make_partner(website=f"{site.url}/moved")
    make_partner(website="")
    make_actor(website=f"{site.url}/error")
    make_actor(website="")


@pytest.mark.django_db
def test_check_links_checks_every_partner_and_actor_with_a_website(site, entries_to_check):
    out = io.StringIO()
    call_command("check_links", "--timeout", "2", "--workers", "4", stdout=out)
    assert out.getvalue().strip() == "5 geprüft: 3 in Ordnung, 1 umgeleitet, 1 defekt"
    checked = [
        *Partner.objects.filter(link_checked_at__isnull=False),
        *Actor.objects.filter(link_checked_at__isnull=False),
    ]
    assert sorted(entry.website.removeprefix(site.url) for entry in checked) == [
        "/error",
        "/moved",
        "/ok",
        "/ok",
        "/ok",
    ]


@pytest.mark.django_db
def test_check_links_prints_each_result_when_asked_to_be_verbose(site, entries_to_check):
    out = io.StringIO()
    call_command("check_links", "--timeout", "2", "--verbosity", "2", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 6  # one line per checked entry, then the summary
    assert sum(f"{site.url}/error" in line and "defekt" in line for line in lines) == 1
    assert sum(f"{site.url}/moved" in line and "umgeleitet" in line for line in lines) == 1
    assert lines[-1] == "5 geprüft: 3 in Ordnung, 1 umgeleitet, 1 defekt"
