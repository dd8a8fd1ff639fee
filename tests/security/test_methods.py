"""Methods a URL does not take get 405 with the URL's `Allow` header and a page of the site.

Every public URL pattern is listed here with an address in the sample network; a new
pattern without one fails `test_every_public_url_pattern_is_covered`.
"""

import logging

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from pytest_django.asserts import assertContains

READ_ONLY = "GET, HEAD, OPTIONS"
FORM = "GET, HEAD, POST, OPTIONS"
FUNCTION = "GET, HEAD"  # function views behind require_safe; OPTIONS is refused too

# URL pattern (as Django shows it, without the language prefix) → address and Allow.
PUBLIC_URLS = {
    "": (lambda n: "/", READ_ONLY),
    "suche/": (lambda n: "/suche/", READ_ONLY),
    "netzwerk.svg": (lambda n: "/netzwerk.svg", READ_ONLY),
    "akteure/": (lambda n: "/akteure/", READ_ONLY),
    "akteure/<slug:slug>/": (lambda n: n.actor.group.get_absolute_url(), READ_ONLY),
    "akteure/<slug:group_slug>/<slug:slug>/": (lambda n: n.actor.get_absolute_url(), READ_ONLY),
    "kontakt/": (lambda n: "/kontakt/", READ_ONLY),
    "mitmachen/": (lambda n: "/mitmachen/", FORM),
    "mitmachen/gesendet/": (lambda n: "/mitmachen/gesendet/", READ_ONLY),
    "mitmachen/bestaetigen/<str:token>/": (lambda n: "/mitmachen/bestaetigen/x/", FORM),
    "mitmachen/bestaetigt/": (lambda n: "/mitmachen/bestaetigt/", READ_ONLY),
    "eintrag-bestaetigen/<str:token>/": (lambda n: "/eintrag-bestaetigen/x/", FORM),
    "eintrag-bestaetigen/<str:token>/aendern/": (lambda n: "/eintrag-bestaetigen/x/aendern/", FORM),
    "eintrag-bestaetigen/<str:token>/danke/": (
        lambda n: "/eintrag-bestaetigen/x/danke/",
        READ_ONLY,
    ),
    "kontakt.vcf": (lambda n: "/kontakt.vcf", READ_ONLY),
    "partner/": (lambda n: "/partner/", READ_ONLY),
    "partner/<slug:slug>/": (lambda n: n.partner.get_absolute_url(), READ_ONLY),
    "partner/<slug:slug>/melden/": (lambda n: f"{n.partner.get_absolute_url()}melden/", FORM),
    "partner/<slug:slug>/melden/danke/": (
        lambda n: f"{n.partner.get_absolute_url()}melden/danke/",
        READ_ONLY,
    ),
    "partner.json": (lambda n: "/partner.json", READ_ONLY),
    "partner.csv": (lambda n: "/partner.csv", READ_ONLY),
    "feeds/partner/": (lambda n: "/feeds/partner/", FUNCTION),
    "barrierefreiheit/": (lambda n: "/barrierefreiheit/", READ_ONLY),
    "barriere-melden/": (lambda n: "/barriere-melden/", FORM),
    "barriere-melden/danke/": (lambda n: "/barriere-melden/danke/", READ_ONLY),
    "leichte-sprache/": (lambda n: "/leichte-sprache/", READ_ONLY),
    "gebaerdensprache/": (lambda n: "/gebaerdensprache/", READ_ONLY),
    "gebaerdensprache/video/<int:pk>/": (lambda n: "/gebaerdensprache/video/1/", READ_ONLY),
    "impressum/": (lambda n: "/impressum/", READ_ONLY),
    "datenschutz/": (lambda n: "/datenschutz/", READ_ONLY),
    "sitemap.xml": (lambda n: "/sitemap.xml", FUNCTION),
    "sitemap-<section>.xml": (lambda n: "/sitemap-partners.xml", FUNCTION),
    "robots.txt": (lambda n: "/robots.txt", READ_ONLY),
    "healthz": (lambda n: "/healthz", FUNCTION),
    "medien/logos/<str:name>": (lambda n: "/medien/logos/0123456789abcdef0123-160.webp", FUNCTION),
}

ODD_METHODS = ["TRACE", "PUT", "PATCH", "DELETE", "PROPFIND", "CONNECT", "BREW"]


def public_patterns(patterns=None, prefix=""):
    """Every URL pattern outside the back office, as one string."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        full = prefix + str(pattern.pattern)
        if full.startswith(settings.ADMIN_PATH):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, full)
        else:
            yield full


def test_every_public_url_pattern_is_covered():
    patterns = {pattern.removeprefix("en/") for pattern in public_patterns()}
    assert patterns == set(PUBLIC_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PUBLIC_URLS)
def test_odd_methods_get_405_with_the_urls_allow_header(client, network, pattern):
    address, allowed = PUBLIC_URLS[pattern]
    for method in ODD_METHODS:
        response = client.generic(method, address(network))
        assert response.status_code == 405, (method, pattern)
        assert response["Allow"] == allowed, (method, pattern)
        assertContains(response, "Diese Anfrage ist hier nicht möglich", status_code=405)
        assertContains(response, f"Erlaubt sind: {allowed}.", status_code=405)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/feeds/partner/", "/sitemap.xml", "/sitemap-partners.xml"])
def test_trace_on_the_feed_and_the_sitemap_is_refused(client, network, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"<rss" not in response.content and b"<urlset" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/barriere-melden/", "/en/barriere-melden/"])
def test_form_pages_do_not_offer_put(client, network, path):
    assert client.options(path)["Allow"] == FORM
    response = client.put(path, "page=/&message=Hallo", content_type="text/plain")
    assert response.status_code == 405
    from pages.models import BarrierReport

    assert not BarrierReport.objects.exists()


@pytest.mark.django_db
def test_the_405_page_speaks_the_visitors_language(client, network):
    response = client.generic("DELETE", "/en/partner/")
    assertContains(response, "This request is not possible here", status_code=405)
    assertContains(response, "Allowed are: GET, HEAD, OPTIONS.", status_code=405)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/feeds/partner/"])
def test_a_refused_method_is_logged_once_at_warning(client, network, caplog, path):
    with caplog.at_level(logging.INFO):
        client.generic("TRACE", path)
    lines = [record for record in caplog.records if record.name.startswith("django")]
    assert [(record.levelname, record.name) for record in lines] == [("WARNING", "django.request")]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "OPTIONS", "PROPFIND"])
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/login/", "/admin/partners/partner/", "/admin/passwort-vergessen/"]
)
def test_the_back_office_takes_only_get_head_and_post(client, network, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assertContains(response, "Erlaubt sind: GET, HEAD, POST.", status_code=405)
