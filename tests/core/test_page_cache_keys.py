"""A kept page is found by its path and the query parameters it reads, normalised
(core/page_cache.py: QUERY_PARAMETERS, keep_own_query): `/?n=1` and `/?utm_source=x` are
`/`, served from the cache; searches are kept apart, in a small store of each process,
so that no flood of queries pushes pages out of the shared cache."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django.asserts import assertContains, assertNotContains

from core import page_cache
from core.views import PREVIEW_PARAMETER
from tests.factories import make_actor, make_partner, make_staff


def served(client, url, **kwargs):
    """The response, and whether it was made anew (not taken from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries) > 0


@pytest.fixture
def kept(monkeypatch, settings):
    """The keys of the pages the cache middleware keeps, in the order kept."""
    cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    set_value = cache.set
    keys = []

    def spy(key, value, *args, **kwargs):
        if isinstance(value, page_cache.KeptPage):
            keys.append(key)
        return set_value(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    return keys


@pytest.mark.django_db
def test_parameters_the_page_does_not_read_share_its_cached_page(client, network, kept):
    page, anew = served(client, "/")
    assert anew
    for url in ["/?n=1", "/?n=2", "/?utm_source=newsletter", "/?fbclid=abc&n=3&utm_medium="]:
        response, anew = served(client, url)
        assert not anew, f"{url} was made anew"
        assert response.content == page.content
    assert len(kept) == 1


@pytest.mark.django_db
def test_a_page_made_for_an_unused_parameter_does_not_show_it(client, network):
    first, anew = served(client, "/?utm_source=newsletter&n=12345")
    assert anew
    for response in (first, served(client, "/")[0]):
        assertNotContains(response, "newsletter")
        assertNotContains(response, "12345")
        assertContains(response, '<link rel="canonical" href="http://testserver/">', html=True)
        assertContains(response, '<a href="/en/" lang="en" hreflang="en">English</a>', html=True)
    english, anew = served(client, "/en/?n=1")
    assert anew  # a page of its own language
    assertContains(english, '<a href="/" lang="de" hreflang="de">Deutsch</a>', html=True)
    assert not served(client, "/en/?n=2")[1]


@pytest.mark.django_db
def test_parameters_the_page_reads_give_pages_of_their_own(client, network, kept):
    central, expertise = network.partner.group, network.other_partner.group
    pages = {
        f"/partner/?gruppe={central.slug}": ("Testportal Siegel", "Leitfaden Umwelt"),
        f"/partner/?gruppe={expertise.slug}": ("Leitfaden Umwelt", "Testportal Siegel"),
        "/partner/?tag=umweltkriterien": ("Leitfaden Umwelt", "Testportal Siegel"),
        "/partner/?tag=recht": ("Testportal Siegel", "Leitfaden Umwelt"),
    }
    for url, (shown, not_shown) in pages.items():
        response, anew = served(client, url)
        assert anew, f"{url} came from another page's cache entry"
        assertContains(response, shown)
        assertNotContains(response, not_shown)
    for url, (shown, not_shown) in pages.items():
        response, anew = served(client, f"{url}&utm_source=x")
        assert not anew, f"{url} is not kept"
        assertContains(response, shown)
        assertNotContains(response, not_shown)
    assert len(kept) == len(pages)


@pytest.mark.django_db
def test_order_blank_values_and_page_numbers_are_normalised(client, network, kept):
    central = network.partner.group
    for number in range(21):
        make_partner(name=f"Weiteres Angebot {number:02}", group=central)
    selection, anew = served(client, f"/partner/?tag=recht&gruppe={central.slug}")
    assert anew
    for url in [
        f"/partner/?gruppe={central.slug}&tag=recht",
        f"/partner/?q=&gruppe={central.slug}&tag=recht&page=1",
        f"/partner/?tag=&tag=recht&gruppe=+{central.slug}+&n=1",  # the last value counts
    ]:
        response, anew = served(client, url)
        assert not anew, url
        assert response.content == selection.content
    second, anew = served(client, "/partner/?page=2")
    assert anew
    assertContains(second, '<link rel="canonical" href="http://testserver/partner/?page=2">')
    for url in ["/partner/?page=02", "/partner/?page=+2&utm_source=x", "/partner/?n=1&page=2"]:
        response, anew = served(client, url)
        assert not anew, url
        assert response.content == second.content
    assert served(client, "/partner/?page=1&n=1")[1]
    assert not served(client, "/partner/")[1]  # page 1 has no number
    assert len(kept) == 3  # the selection, page 2 and page 1


@pytest.fixture(autouse=True)
def no_kept_searches():
    page_cache.searches.clear()
    yield
    page_cache.searches.clear()


@pytest.mark.django_db
def test_searches_are_kept_apart_from_the_pages(client, network, kept):
    for url in ["/suche/?q=Siegel", "/partner/?q=Siegel&tag=recht"]:
        response, anew = served(client, url)
        assert anew, url
        assertContains(response, "Testportal Siegel")
        again, anew = served(client, f"{url}&utm_source=x")
        assert not anew, f"{url} is not kept"
        assert again.content == response.content
    assert kept == []  # not in the shared cache
    assert len(page_cache.searches._cache) == 2
    network.partner.name = "Testportal Siegel erneuert"
    network.partner.save()
    response, anew = served(client, "/suche/?q=Siegel")
    assert anew  # a change reaches kept searches too
    assertContains(response, "Testportal Siegel erneuert")
    assert served(client, "/suche/?q=+&utm_source=x")[1]
    assert not served(client, "/suche/")[1]  # a blank search is the search page
    assert len(kept) == 1


@pytest.mark.django_db
def test_kept_searches_are_bounded(client, network):
    for number in range(page_cache.SEARCHES_KEPT + 30):
        client.get(f"/suche/?q=Wort{number}")
    assert len(page_cache.searches._cache) <= page_cache.SEARCHES_KEPT


@pytest.mark.django_db
def test_unknown_groups_and_tags_are_answered_but_never_kept(client, network, kept):
    for url in ["/partner/?tag=gibt-es-nicht", "/partner/?gruppe=gibt-es-nicht"]:
        for _ in range(2):
            response, anew = served(client, url)
            assert response.status_code == 200
            assert anew, url
    assert kept == []


@pytest.fixture
def small_cache(settings, tmp_path):
    """A cache that is emptied whole as soon as it holds 20 entries (FileBasedCache with
    CULL_FREQUENCY 0): any 20 new entries would push every kept page out."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 0},
        }
    }
    return caches["default"]


@pytest.mark.django_db
def test_the_small_cache_drops_a_page_after_twenty_entries(client, network, small_cache):
    served(client, "/partner/")
    assert not served(client, "/partner/")[1]
    for number in range(20):
        small_cache.set(f"something-{number}", number)
    assert served(client, "/partner/")[1]  # the page was pushed out


@pytest.mark.django_db
def test_a_flood_of_distinct_queries_pushes_no_page_out(client, network, small_cache):
    served(client, "/partner/")
    served(client, "/")
    for number in range(25):
        client.get(f"/suche/?q=Wort{number}")
        client.get(f"/partner/?q=Wort{number}")
        client.get(f"/?n={number}")
        client.get(f"/partner/?utm_source={number}&fbclid={number}")
        client.get(f"/partner/?tag=unbekannt-{number}")
        client.get(f"/partner/?gruppe=unbekannt-{number}")
    assert not served(client, "/partner/")[1]
    assert not served(client, "/")[1]


@pytest.mark.django_db
def test_a_preview_is_never_kept_with_other_parameters_either(client, editor):
    from core import release

    partner = make_partner(teaser="Der freigegebene Kurztext.")
    partner.teaser = "Der neue Kurztext in der Vorschau."
    change = release.submit(partner, editor)
    url = f"{partner.get_absolute_url()}?utm_source=x&{PREVIEW_PARAMETER}={change.pk}"
    reviewer = Client()
    reviewer.force_login(make_staff(group="Freigabe"))
    for _ in range(2):
        response, anew = served(reviewer, url)
        assert anew
        assertContains(response, "Der neue Kurztext in der Vorschau.")
        assert "no-store" in response["Cache-Control"]
    for _ in range(2):
        response, anew = served(client, url)
        assert anew  # the public's released page: not kept either
        assertContains(response, "Der freigegebene Kurztext.")


@pytest.mark.django_db
def test_a_304_holds_for_the_same_page_with_unused_parameters(client, network):
    etag = client.get("/partner/")["ETag"]
    again = client.get("/partner/?utm_source=x", headers={"if-none-match": etag})
    assert again.status_code == 304


@pytest.mark.django_db
def test_pages_get_the_parameters_they_read(client, network):
    group = network.actor.group
    proposal = client.get(f"/mitmachen/?utm_source=x&art=akteur&gruppe={group.slug}")
    assertContains(proposal, f'<option value="{group.pk}" selected>')
    assertContains(proposal, 'id="id_kind_0" required checked')
    report = client.get("/barriere-melden/?seite=/partner/siegelklarheit/&n=1")
    assertContains(report, 'value="/partner/siegelklarheit/"')
    assert client.get(f"{group.get_absolute_url()}?page=2&n=1").status_code == 404  # one page
    assert client.get("/partner/?page=2&utm_source=x").status_code == 404
    make_actor(group=group, name="Zweiter Akteur")
    assertContains(client.get("/suche/?q=Zweiter&n=1"), "Zweiter Akteur")


@pytest.mark.django_db
def test_the_back_office_and_addresses_of_no_page_keep_their_query(admin_client, client, network):
    changelist = admin_client.get("/admin/partners/partner/?q=Leitfaden")
    assert changelist.context["cl"].query == "Leitfaden"
    unknown = admin_client.get("/admin/partners/partner/?utm_source=x")
    assert unknown["Location"].endswith("?e=1")  # the admin's own answer to a field it lacks
    redirect = client.get("/partner?tag=recht&utm_source=x")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/partner/?tag=recht&utm_source=x"


@pytest.mark.django_db
def test_a_page_reading_a_parameter_it_does_not_declare_is_logged(
    client, network, monkeypatch, caplog
):
    from newtrade.views import NetworkView

    monkeypatch.setattr(page_cache, "_reported", set())
    get_context_data = NetworkView.get_context_data
    read = []

    def reading_get_context_data(view, **kwargs):
        read.append(view.request.GET.get("sortierung"))
        return get_context_data(view, **kwargs)

    monkeypatch.setattr(NetworkView, "get_context_data", reading_get_context_data)
    with caplog.at_level("WARNING", logger="core.page_cache"):
        client.get("/?sortierung=name")
    assert read == [None]  # the page never gets it
    assert "The page network reads ?sortierung=" in caplog.text


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_page_named_in_the_list_exists():
    assert set(page_cache.QUERY_PARAMETERS) <= set(url_names(get_resolver().url_patterns))
