"""The version of an entry that waits for release, on the entry's public address with
?vorschau=<id> (core.views.PreviewMixin): staff who may view the entry see it under a
banner; the public, and anyone asking with an id that does not fit, see the released
page. A preview is never cached and never indexed."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from core import release
from core.views import PREVIEW_PARAMETER
from pages.models import Page
from tests.factories import make_actor, make_page, make_partner, make_staff

BANNER = "Diese Fassung wartet auf Freigabe – öffentlich sichtbar ist die freigegebene Fassung."


def submit_change(entry, user, **values):
    """`user` hands in `values` for the public `entry`; the entry itself stays as it is."""
    for name, value in values.items():
        setattr(entry, name, value)
    change = release.submit(entry, user)
    entry.refresh_from_db()
    return change


def preview_url(entry, change):
    return f"{entry.get_absolute_url()}?{PREVIEW_PARAMETER}={change.pk}"


@pytest.fixture
def reviewer(db):
    """A member of "Freigabe"."""
    return make_staff(group="Freigabe")


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def submitted(editor):
    """A public partner whose new teaser waits for release."""
    partner = make_partner(teaser="Der freigegebene Kurztext.", tags=["Recht"])
    change = submit_change(partner, editor, teaser="Der neue Kurztext in der Vorschau.")
    return partner, change


@pytest.mark.django_db
def test_staff_see_the_pending_partner_under_a_banner(reviewer_client, submitted, editor):
    partner, change = submitted
    response = reviewer_client.get(preview_url(partner, change))
    assertContains(response, "Der neue Kurztext in der Vorschau.")
    assertNotContains(response, "Der freigegebene Kurztext.")
    assertContains(response, BANNER)
    assertContains(response, f"Eingereicht von {editor.username} am")
    assertContains(response, f'href="{change.get_admin_url()}"')
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    partner.refresh_from_db()
    assert partner.teaser == "Der freigegebene Kurztext."  # the preview saved nothing


@pytest.mark.django_db
def test_the_submitter_previews_their_own_change_too(editor_client, submitted):
    partner, change = submitted
    assertContains(editor_client.get(preview_url(partner, change)), BANNER)


@pytest.mark.django_db
def test_the_public_never_sees_a_preview(client, submitted):
    partner, change = submitted
    response = client.get(preview_url(partner, change))
    assert response.status_code == 200
    assertContains(response, "Der freigegebene Kurztext.")
    assertNotContains(response, "Der neue Kurztext in der Vorschau.")
    assertNotContains(response, "preview-banner")
    assertNotContains(response, "Vorschau:")


@pytest.mark.django_db
def test_staff_who_may_not_view_the_entry_see_the_released_page(client, submitted):
    partner, change = submitted
    client.force_login(make_staff(group=None))
    response = client.get(preview_url(partner, change))
    assertContains(response, "Der freigegebene Kurztext.")
    assertNotContains(response, "preview-banner")


@pytest.mark.django_db
@pytest.mark.parametrize("wanted", ["", "abc", "0", "-1", "1.5", "²", "9" * 19, "9" * 40])
def test_an_id_that_is_no_pending_change_shows_the_released_page(
    reviewer_client, submitted, wanted
):
    partner, _change = submitted
    response = reviewer_client.get(partner.get_absolute_url(), {PREVIEW_PARAMETER: wanted})
    assertContains(response, "Der freigegebene Kurztext.")
    assertNotContains(response, "preview-banner")


@pytest.mark.django_db
def test_another_entrys_change_is_not_shown_on_this_page(reviewer_client, submitted):
    _partner, change = submitted
    other = make_partner(teaser="Der Kurztext des anderen Partners.")
    response = reviewer_client.get(preview_url(other, change))
    assertContains(response, "Der Kurztext des anderen Partners.")
    assertNotContains(response, "Der neue Kurztext in der Vorschau.")
    assertNotContains(response, "preview-banner")


@pytest.mark.django_db
def test_a_released_change_has_no_preview_any_more(reviewer_client, reviewer, submitted):
    partner, change = submitted
    url = preview_url(partner, change)
    change.release(reviewer)
    response = reviewer_client.get(url)
    assertContains(response, "Der neue Kurztext in der Vorschau.")  # now the public text
    assertNotContains(response, "preview-banner")


@pytest.mark.django_db
def test_the_preview_shows_the_tags_the_change_would_give(reviewer_client, editor):
    partner = make_partner(tags=["Recht"])
    change = release.submit(partner, editor, tags=["Recht", "Vergabe im Test"])
    response = reviewer_client.get(preview_url(partner, change))
    assertContains(response, "Vergabe im Test")
    assertNotContains(reviewer_client.get(partner.get_absolute_url()), "Vergabe im Test")


@pytest.mark.django_db
def test_staff_see_the_pending_actor_under_a_banner(reviewer_client, client, editor):
    actor = make_actor(description="Die freigegebene Beschreibung.")
    change = submit_change(actor, editor, description="Die neue Beschreibung.")
    response = reviewer_client.get(preview_url(actor, change))
    assertContains(response, "Die neue Beschreibung.")
    assertContains(response, BANNER)
    public = client.get(preview_url(actor, change))
    assertContains(public, "Die freigegebene Beschreibung.")
    assertNotContains(public, "preview-banner")


@pytest.mark.django_db
@pytest.mark.parametrize("slug", Page.Slug.values)
def test_staff_see_the_pending_fixed_page_under_a_banner(reviewer_client, client, editor, slug):
    page = make_page(slug=slug, body="Der freigegebene Text.")
    change = submit_change(page, editor, body="Der neue Text der Seite.")
    response = reviewer_client.get(preview_url(page, change))
    assertContains(response, "Der neue Text der Seite.")
    assertNotContains(response, "Der freigegebene Text.")
    assertContains(response, BANNER)
    assertContains(response, '<meta name="robots" content="noindex">', html=True)
    public = client.get(preview_url(page, change))
    assertContains(public, "Der freigegebene Text.")
    assertNotContains(public, "preview-banner")


@pytest.mark.django_db
def test_the_banner_is_in_english_on_the_english_page(reviewer_client, submitted):
    partner, change = submitted
    response = reviewer_client.get(f"/en{preview_url(partner, change)}")
    assertContains(response, "Preview:")
    assertContains(response, "This version is waiting for approval")
    assertNotContains(response, "wartet auf Freigabe")


def made_anew(client, url):
    """Whether the page was made for this request (not taken from the page cache)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) > 0


@pytest.mark.django_db
def test_a_page_asked_for_with_the_parameter_is_never_kept_nor_served_from_the_cache(
    client, reviewer_client, submitted, editor
):
    partner, change = submitted
    url = preview_url(partner, change)
    assert made_anew(client, url)
    assert made_anew(client, url)  # the public's page with the parameter is not kept
    assert made_anew(reviewer_client, url)
    assert made_anew(reviewer_client, url)
    # The submitter changes the pending version again: the next preview shows it.
    submit_change(partner, editor, teaser="Noch ein neuerer Kurztext.")
    assertContains(reviewer_client.get(url), "Noch ein neuerer Kurztext.")
    # The public page itself is still kept, with the released text.
    assert made_anew(client, partner.get_absolute_url())
    assert not made_anew(client, partner.get_absolute_url())
    assertContains(client.get(partner.get_absolute_url()), "Der freigegebene Kurztext.")
