"""A group page at a size above one page: its public actors 50 a page (?page=N), on the
first page its first 20 partner resources, on every page a link to all of them in the
partner list filtered by the group; bounded queries and HTML at any size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from stakeholders.models import Actor
from tests.browser.harness import axe_violations, desktop_page, live_network, phone_page
from tests.conftest import needs_chromium
from tests.factories import make_actor, make_group, make_partner

__all__ = ["desktop_page", "live_network", "phone_page"]  # fixtures of the browser test

ACTORS_PER_PAGE = 50
PARTNERS_SHOWN = 20  # the partner list's page size
MAX_HTML = 60_000  # bytes of a group page, whatever the size of the group


def fill(group, actors, partners, start=0):
    """`actors` public actors and `partners` listed partners in `group`, named so that their
    order on the page is their number; the first 20 partners (the cards shown) get tags."""
    Actor.objects.bulk_create(
        Actor(
            group=group,
            name=f"Akteur {n:04}",
            slug=f"{group.slug}-akteur-{n:04}",
            place="Düsseldorf",
            is_public=True,
        )
        for n in range(start, start + actors)
    )
    Partner.objects.bulk_create(
        Partner(
            group=group,
            name=f"Angebot {n:04}",
            slug=f"{group.slug}-angebot-{n:04}",
            teaser="Hinweise und Kriterien zur nachhaltigen Beschaffung für Vergabestellen "
            "in Kommunen und Landesbehörden, mit Beispielen aus der Praxis.",
            is_published=True,
        )
        for n in range(start, start + partners)
    )
    for partner in Partner.objects.filter(group=group).order_by("order", "name")[:PARTNERS_SHOWN]:
        partner.tags.add("Ausschreibung", "Gütezeichen", "Recht")


@pytest.fixture
def big_group(db):
    return make_big_group()


def make_big_group():
    """120 public actors (3 pages) and 60 listed partners, with a hidden actor and a draft."""
    group = make_group(name="Große Gruppe", slug="grosse-gruppe")
    fill(group, actors=120, partners=60)
    make_actor(group=group, name="Verborgener Akteur", is_public=False)
    make_partner(group=group, name="Entwurfsangebot", is_published=False)
    return group


@pytest.fixture
def uncached(settings):
    """Count the work of rendering, not the page cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def actors_on(response, group):
    """The names of the group's actors the page links to, in order."""
    slugs = re.findall(
        rf'href="(?:/en)?/akteure/{group.slug}/([\w-]+)/"', response.content.decode()
    )
    return [Actor.objects.get(slug=slug).name for slug in slugs]


def partners_on(response):
    return re.findall(
        r'<a href="(?:/en)?/partner/[\w-]+/">(Angebot \d+)</a>', response.content.decode()
    )


def actor_names(numbers):
    return [f"Akteur {n:04}" for n in numbers]


# --- The slices ----------------------------------------------------------------------


def test_first_page_shows_the_first_50_actors_and_the_first_20_partners(client, big_group):
    response = client.get(big_group.get_absolute_url())
    assert actors_on(response, big_group) == actor_names(range(0, 50))
    assert partners_on(response) == [f"Angebot {n:04}" for n in range(PARTNERS_SHOWN)]
    assertContains(response, '<p class="result-count">120 Akteure</p>', html=True)
    assertContains(
        response,
        f'<a href="/partner/?gruppe={big_group.slug}">Alle 60 Partnerangebote dieser Gruppe</a>',
        html=True,
    )


def test_second_page_shows_the_next_50_actors_and_only_the_link_to_the_partners(client, big_group):
    response = client.get(f"{big_group.get_absolute_url()}?page=2")
    assert actors_on(response, big_group) == actor_names(range(50, 100))
    assert partners_on(response) == []
    assertNotContains(response, 'class="cards"')
    assertContains(response, '<p class="result-count">120 Akteure</p>', html=True)
    assertContains(
        response,
        f'<a href="/partner/?gruppe={big_group.slug}">Alle 60 Partnerangebote dieser Gruppe</a>',
        html=True,
    )


def test_last_page_shows_the_rest_and_never_a_hidden_actor(client, big_group):
    response = client.get(f"{big_group.get_absolute_url()}?page=3")
    assert actors_on(response, big_group) == actor_names(range(100, 120))
    assertNotContains(response, "Verborgener Akteur")
    assertNotContains(response, "Entwurfsangebot")


def test_a_group_with_a_single_partner_beyond_the_first_page_names_it_in_the_singular(client, db):
    group = make_group(slug="eine-gruppe")
    fill(group, actors=60, partners=1)
    response = client.get(f"{group.get_absolute_url()}?page=2")
    assertContains(
        response, f'<a href="/partner/?gruppe={group.slug}">1 Partnerangebot</a>', html=True
    )


def test_the_partner_lists_first_page_for_the_group_is_what_the_group_page_shows(client, big_group):
    group_page = client.get(big_group.get_absolute_url())
    partner_list = client.get("/partner/", {"gruppe": big_group.slug})
    assert [p.name for p in partner_list.context["partners"]] == partners_on(group_page)
    assert partner_list.context["paginator"].count == 60


# --- Navigation ----------------------------------------------------------------------


def test_pages_link_to_their_neighbours_and_say_where_the_visitor_is(client, big_group):
    url = big_group.get_absolute_url()
    first, second, last = (client.get(f"{url}?page={n}") for n in (1, 2, 3))
    assertContains(
        second,
        '<nav class="pagination" aria-label="Seiten">'
        '<a href="?page=1" rel="prev">Vorherige Seite</a>'
        "<span>Seite 2 von 3</span>"
        '<a href="?page=3" rel="next">Nächste Seite</a></nav>',
        html=True,
    )
    assertContains(first, '<a href="?page=2" rel="next">Nächste Seite</a>', html=True)
    assertNotContains(first, 'rel="prev"')
    assertContains(last, '<a href="?page=2" rel="prev">Vorherige Seite</a>', html=True)
    assertNotContains(last, 'rel="next"')
    assertContains(second, "<title>Große Gruppe – Seite 2 – newtrade nrw</title>", html=True)
    assertContains(second, f'<link rel="canonical" href="http://testserver{url}?page=2">')
    assertContains(first, f'<link rel="canonical" href="http://testserver{url}">')


def test_a_group_on_one_page_has_no_page_navigation(client, db):
    group = make_group()
    fill(group, actors=ACTORS_PER_PAGE, partners=PARTNERS_SHOWN)
    response = client.get(group.get_absolute_url())
    assert len(actors_on(response, group)) == ACTORS_PER_PAGE
    assert len(partners_on(response)) == PARTNERS_SHOWN
    assertNotContains(response, 'class="pagination"')
    assertNotContains(response, "Partnerangebote dieser Gruppe")


@pytest.mark.parametrize("page", ["4", "0", "-1", "x", "2.5", "999999999999999999999"])
def test_a_page_that_does_not_exist_answers_the_sites_404_page(client, big_group, page):
    response = client.get(big_group.get_absolute_url(), {"page": page})
    assertContains(response, "Diese Seite gibt es nicht", status_code=404)


def test_the_last_page_is_also_reached_as_page_last_like_in_the_partner_list(client, big_group):
    response = client.get(big_group.get_absolute_url(), {"page": "last"})
    assert actors_on(response, big_group) == actor_names(range(100, 120))


def test_english_second_page(client, big_group):
    url = big_group.get_absolute_url()
    response = client.get(f"/en{url}?page=2")
    assert actors_on(response, big_group) == actor_names(range(50, 100))
    assertContains(response, f'<a href="/en{url}{big_group.slug}-akteur-0050/">Akteur 0050</a>')
    assertContains(
        response,
        '<nav class="pagination" aria-label="Pages">'
        '<a href="?page=1" rel="prev">Previous page</a>'
        "<span>Page 2 of 3</span>"
        '<a href="?page=3" rel="next">Next page</a></nav>',
        html=True,
    )
    assertContains(response, '<p class="result-count">120 stakeholders</p>', html=True)
    link = f'<a href="/en/partner/?gruppe={big_group.slug}">'
    assertContains(response, f"{link}All 60 partner resources of this group</a>", html=True)
    assertContains(response, "– Page 2 – newtrade nrw</title>")
    assertContains(response, f'<a href="{url}?page=2" lang="de" hreflang="de">Deutsch</a>')


# --- Bounded work and weight --------------------------------------------------------


def queries_and_size(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.content)


@pytest.mark.parametrize("page, budget", [(1, 9), (2, 7)])
def test_queries_and_html_stay_the_same_however_big_the_group(
    client, uncached, big_group, page, budget, django_assert_max_num_queries
):
    url = f"{big_group.get_absolute_url()}?page={page}"
    small = queries_and_size(client, url)
    fill(big_group, actors=1000, partners=400, start=120)  # ten times as many
    with django_assert_max_num_queries(budget):
        large = queries_and_size(client, url)
    assert large[0] == small[0]
    assert large[1] <= MAX_HTML
    # The same slice of the same names; only the counts in the text grow by a digit.
    assert abs(large[1] - small[1]) < 100, (small, large)
    assert len(client.get(f"{big_group.get_absolute_url()}?page=23").content) <= MAX_HTML


# --- In the browser -------------------------------------------------------------------


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_second_page_has_no_axe_violations_and_fits_a_phone(
    live_server, desktop_page, phone_page, prefix
):
    url = f"{live_server.url}{prefix}{make_big_group().get_absolute_url()}?page=2"
    desktop_page.goto(url)
    violations, report = axe_violations(desktop_page)
    assert violations == [], report
    desktop_page.click("a[rel=next]")
    assert desktop_page.url.endswith("?page=3")
    phone_page.goto(url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320
    violations, report = axe_violations(phone_page)
    assert violations == [], report
