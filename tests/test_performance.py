"""Constant database work, the page cache, conditional requests, static files, page weight."""

import gzip
import io
import tracemalloc

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from partners import demo
from partners.models import Partner
from stakeholders.models import Actor, Office

# At most this many queries per page, whatever the size of the network.
QUERY_BUDGETS = {
    "/": 8,
    "/partner/": 8,
    "/partner/?gruppe=politik-und-verwaltung&tag=ausschreibung": 9,
    "/partner/?q=Beschaffung": 8,
    "/partner/?q=Beschaffung&gruppe=politik-und-verwaltung": 8,
    "/suche/?q=Beschaffung": 8,
    "/partner/kompass-nachhaltigkeit/": 4,
    "/akteure/": 3,
    "/akteure/politik-und-verwaltung/": 8,
    "/akteure/politik-und-verwaltung/?page=2": 8,
    "/akteure/wissenschaftliche-institute/wuppertal-institut/": 3,
    "/feeds/partner/": 4,
    "/partner.json": 5,
    "/partner.csv": 4,
    "/sitemap.xml": 19,
}


@pytest.fixture
def uncached(settings):
    """Measure the work of rendering, not the cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.django_db
def test_every_page_needs_the_same_few_queries_at_10_and_1000_partners(client, uncached):
    demo.fill(partners=10, actors=600)
    small = {url: queries_for(client, url) for url in QUERY_BUDGETS}
    demo.fill(partners=990, actors=600)
    assert Partner.objects.count() > 1000
    large = {url: queries_for(client, url) for url in QUERY_BUDGETS}
    assert large == small
    over_budget = {url: n for url, n in large.items() if n > QUERY_BUDGETS[url]}
    assert over_budget == {}


@pytest.mark.django_db
def test_long_lists_stay_short_pages(client, uncached):
    demo.fill(partners=300, actors=120)
    home = client.get("/")
    assert len(home.context["partners"]) == 12
    assertContains(home, f"Alle {Partner.objects.published().count()} Partnerangebote")
    group = client.get("/akteure/politik-und-verwaltung/")
    assert len(group.context["actors"]) <= 50
    assert len(group.context["partners"]) <= 24
    assert len(client.get("/partner/").context["tag_links"]) <= 30


def peak_memory_while_streaming(client, url):
    tracemalloc.start()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/partner.json", "/partner.csv"])
def test_exports_stream_with_flat_memory(client, url):
    demo.fill(partners=1000, actors=0)
    small_peak, small_size = peak_memory_while_streaming(client, url)
    demo.fill(partners=3000, actors=0)
    large_peak, large_size = peak_memory_while_streaming(client, url)
    assert large_size > 3 * small_size  # four times the data …
    assert large_peak < 1.5 * small_peak  # … in about the same memory


# --- The page cache -----------------------------------------------------------------------


@pytest.mark.django_db
def test_public_pages_come_from_the_cache_until_content_changes(client):
    assert queries_for(client, "/partner/") > 0
    assert queries_for(client, "/partner/") == 0  # served from the cache
    partner = Partner.objects.get(slug="siegelklarheit")
    partner.teaser = "Ein ganz neuer Kurztext."
    partner.save()
    assertContains(client.get("/partner/"), "Ein ganz neuer Kurztext.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["save partner", "delete partner", "hide actor", "tag partner", "change office", "edit page"],
)
def test_any_change_of_public_content_reaches_the_cached_pages(client, change):
    pages = ["/", "/partner/", "/akteure/wissenschaftliche-institute/", "/impressum/", "/kontakt/"]
    before = {url: client.get(url).content for url in pages}
    assert all(client.get(url).content == before[url] for url in pages)  # cached
    partner = Partner.objects.get(slug="siegelklarheit")
    if change == "save partner":
        partner.name = "Siegelklarheit neu"
        partner.save()
    elif change == "delete partner":
        partner.delete()
    elif change == "hide actor":
        Actor.objects.get(slug="wuppertal-institut").set_visible(False)
    elif change == "tag partner":
        partner.tags.add("Ganz neues Schlagwort")
    elif change == "change office":
        office = Office.objects.get()
        office.street = "Neue Straße 5"
        office.save()
    elif change == "edit page":
        from pages.models import Page

        page = Page.objects.get(slug="impressum")
        page.body = "Neuer Text im Impressum."
        page.save()
    after = {url: client.get(url).content for url in pages}
    assert after != before
    if change == "change office":
        assert all("Neue Straße 5".encode() in after[url] for url in ["/kontakt/", "/impressum/"])


@pytest.mark.django_db
def test_pages_of_staff_are_their_own_and_admin_pages_are_never_cached(admin_client, client):
    draft = Partner.objects.get(slug="siegelklarheit")
    draft.set_visible(False)
    assertContains(admin_client.get(draft.get_absolute_url()), "Nicht veröffentlicht")
    assert client.get(draft.get_absolute_url()).status_code == 404
    admin_page = admin_client.get("/admin/")
    assert "no-store" in admin_page["Cache-Control"]
    assert "private" in admin_page["Cache-Control"]


@pytest.mark.django_db
def test_visitors_revalidate_and_get_304_while_nothing_changed(client):
    first = client.get("/partner/")
    assert first["Cache-Control"] == "no-cache"
    assert "Expires" not in first
    etag = first["ETag"]
    again = client.get("/partner/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    partner = Partner.objects.get(slug="siegelklarheit")
    partner.teaser = "Ein geänderter Kurztext."
    partner.save()
    changed = client.get("/partner/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_pages_are_sent_compressed(client):
    response = client.get("/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Das Netzwerk" in gzip.decompress(response.content)


@pytest.mark.django_db
def test_the_form_page_with_its_cookie_is_not_shared(client):
    first = client.get("/barriere-melden/")
    assert "csrftoken" in first.cookies
    other = type(client)()
    assert "csrftoken" in other.get("/barriere-melden/").cookies  # not someone's cached page


# --- Static files and page weight -------------------------------------------------------


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_static_files_are_hashed_precompressed_and_cached_for_a_year(collected, client, settings):
    from whitenoise.middleware import WhiteNoiseMiddleware

    [stylesheet] = (collected / "css").glob("site.*.css")
    assert (collected / "css" / f"{stylesheet.name}.gz").exists()
    assert (collected / "css" / f"{stylesheet.name}.br").exists()
    middleware = WhiteNoiseMiddleware(lambda request: None)
    from django.test import RequestFactory

    request = RequestFactory().get(
        f"/static/css/{stylesheet.name}", headers={"accept-encoding": "gzip, br"}
    )
    response = middleware(request)
    assert response["Content-Encoding"] == "br"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_home_page_with_all_it_loads_weighs_at_most_30_kb_compressed(client, collected):
    demo.fill(partners=200, actors=50)
    html = client.get("/").content
    html = gzip.decompress(html) if html[:2] == b"\x1f\x8b" else html
    text = html.decode()
    assert "<script src" not in text and "@font-face" not in text and "<img" not in text
    loaded = [
        path
        for path in collected.rglob("*")
        if path.suffix in {".css", ".svg"} and path.name.count(".") == 2  # hashed originals
    ]
    linked = [path for path in loaded if f"/static/{path.relative_to(collected)}" in text]
    assert {path.suffix for path in linked} == {".css", ".svg"}
    weight = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in linked)
    assert weight <= 30 * 1024, weight


# --- Demo data --------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_data_refuses_a_database_with_real_content():
    with pytest.raises(CommandError, match="real partners and actors"):
        call_command("demo_data", "--partners", "5")
    assert not Partner.objects.filter(slug__startswith="demo-").exists()


@pytest.mark.django_db
def test_demo_data_fills_and_removes_realistic_rows():
    out = io.StringIO()
    call_command(
        "demo_data", "--partners", "50", "--actors", "20", "--allow-real-content", stdout=out
    )
    assert "Added 50 demo partners and 20 demo actors." in out.getvalue()
    partners = Partner.objects.filter(slug__startswith="demo-")
    assert partners.count() == 50
    assert all(p.website.endswith(".example") for p in partners)
    assert all(1 <= p.tags.count() <= 4 for p in partners[:10])
    assert Actor.objects.filter(slug__startswith="demo-").count() == 20
    call_command("demo_data", "--remove", stdout=out)
    assert not Partner.objects.filter(slug__startswith="demo-").exists()
    assert Partner.objects.count() == 6  # the office's own entries stay


@pytest.mark.django_db
def test_demo_data_is_visible_at_once(client):
    assertNotContains(client.get("/partner/"), "demo-")
    call_command("demo_data", "--partners", "3", "--actors", "0", "--allow-real-content")
    assert cache.get("content-version")
    assertContains(client.get("/partner/?q=Auftraggeber"), "/partner/demo-")
