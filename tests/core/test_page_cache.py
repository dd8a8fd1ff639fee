"""Whole public pages in the cache, dropped as soon as staff change any content
(core/page_cache.py); browsers revalidate and get a 304 while nothing changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

# The cached pages of the sample network (tests/factories.py) that the changes below reach.
PAGES = {
    "home": lambda network: "/",
    "partner list": lambda network: "/partner/",
    "group": lambda network: network.partner.group.get_absolute_url(),  # the actor's too
    "imprint": lambda network: "/impressum/",
    "contact": lambda network: "/kontakt/",
}


def rename_partner(network):
    network.partner.name = "Testportal Siegel neu"
    network.partner.save()
    return "Testportal Siegel neu", True


def delete_partner(network):
    network.partner.delete()
    return network.partner.name, False


def hide_actor(network):
    network.actor.set_visible(False)
    return network.actor.name, False


def tag_partner(network):
    network.partner.tags.add("Ganz neues Schlagwort")
    return "Ganz neues Schlagwort", True


def move_office(network):
    network.office.street = "Neue Straße 5"
    network.office.save()
    return "Neue Straße 5", True


def edit_page(network):
    page = network.pages["impressum"]
    page.body = "Neuer Text im Impressum."
    page.save()
    return "Neuer Text im Impressum.", True


# Each change, and the pages that show what it changed.
CHANGES = {
    "save partner": (rename_partner, {"home", "partner list", "group"}),
    "delete partner": (delete_partner, {"home", "partner list", "group"}),
    "hide actor": (hide_actor, {"home", "group"}),
    "tag partner": (tag_partner, {"home", "partner list", "group"}),
    "change office": (move_office, set(PAGES)),  # the address is in every footer
    "edit page": (edit_page, {"imprint"}),
}


def fetch(client, url):
    """The page's content, and whether it was made anew (not taken from the cache)."""
    with CaptureQueriesContext(connection) as queries:
        content = client.get(url).content.decode()
    return content, len(queries) > 0


@pytest.mark.django_db
def test_public_pages_come_from_the_cache_until_content_changes(client, network):
    assert fetch(client, "/partner/")[1]
    assert not fetch(client, "/partner/")[1]  # served from the cache
    network.partner.teaser = "Ein ganz neuer Kurztext."
    network.partner.save()
    assertContains(client.get("/partner/"), "Ein ganz neuer Kurztext.")


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES)
def test_any_change_of_public_content_reaches_every_cached_page(client, network, change):
    urls = {page: address(network) for page, address in PAGES.items()}
    before = {page: fetch(client, url)[0] for page, url in urls.items()}
    for page, url in urls.items():
        assert fetch(client, url) == (before[page], False), f"{page} is not cached"
    make_change, showing = CHANGES[change]
    text, shown = make_change(network)
    after = {page: fetch(client, url) for page, url in urls.items()}
    stale = {page for page, (_content, made_anew) in after.items() if not made_anew}
    assert stale == set()  # no page comes from before the change
    for page in showing:
        content = after[page][0]
        assert content != before[page], f"{page} did not change"
        assert (text in content) == shown, f"{page} does not show the change"


@pytest.mark.django_db
def test_pages_of_staff_are_their_own_and_admin_pages_are_never_cached(admin_client, client):
    from tests.factories import make_partner

    draft = make_partner()
    assert client.get(draft.get_absolute_url()).status_code == 200  # now kept in the cache
    draft.set_visible(False)
    assertContains(admin_client.get(draft.get_absolute_url()), "Nicht veröffentlicht")
    assert client.get(draft.get_absolute_url()).status_code == 404
    admin_page = admin_client.get("/admin/")
    assert "no-store" in admin_page["Cache-Control"]
    assert "private" in admin_page["Cache-Control"]


@pytest.mark.django_db
def test_visitors_revalidate_and_get_304_while_nothing_changed(client, network):
    first = client.get("/partner/")
    assert first["Cache-Control"] == "no-cache"
    assert "Expires" not in first
    etag = first["ETag"]
    again = client.get("/partner/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    network.partner.teaser = "Ein geänderter Kurztext."
    network.partner.save()
    changed = client.get("/partner/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_the_form_page_with_its_cookie_is_not_shared(client):
    first = client.get("/barriere-melden/")
    assert "csrftoken" in first.cookies
    other = type(client)()
    assert "csrftoken" in other.get("/barriere-melden/").cookies  # not someone's cached page


@pytest.mark.django_db
def test_a_page_kept_before_a_change_is_committed_is_made_anew_after_it(
    client, network, django_capture_on_commit_callbacks
):
    """During the transaction of a save, the other app servers already see the new content
    version, but not yet the change: a page they keep then is outdated by the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        network.partner.name = "Testportal Siegel neu"
        network.partner.save()
        fetch(client, "/partner/")  # kept; another connection would show the old name
        assert not fetch(client, "/partner/")[1]
    assert fetch(client, "/partner/")[1]
