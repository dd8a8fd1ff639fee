"""The back office for tags ("Schlagwörter"): the list with how many partners use each tag,
German forms, and merging several tags into one, which moves the partners' tags, deletes the
others and records a version of each changed partner."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertTemplateNotUsed,
    assertTemplateUsed,
)
from taggit.models import Tag

from partners.models import Partner, TaggedPartner
from tests.admin_pages import columns
from tests.factories import make_partner
from tests.i18n.test_admin_german import VisibleText

CHANGELIST = reverse("admin:taggit_tag_changelist")
MERGE = "merge_selected"

# English that taggit's own tag admin showed.
ENGLISH = ["Merge", "merge", "Tagged item", "tagged item", "Tags", "Delete selected", "tags"]


def tag(name):
    return Tag.objects.create(name=name)


def merge(client, tags, **data):
    """Choose the merge action for `tags`; with `data`, confirm it on the page that follows."""
    post = {"action": MERGE, "_selected_action": [t.pk for t in tags], **data}
    return client.post(CHANGELIST, post)


def messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def tags_of(partner):
    return sorted(TaggedPartner.objects.filter(content_object=partner).values_list("tag__name"))


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


@pytest.fixture
def seal_tags(db):
    """Three tags for the same thing and four partners using them."""
    siegel, label, zeichen = tag("Siegel"), tag("Label"), tag("Gütezeichen")
    partners = {
        "both": make_partner(tags=[siegel, label]),
        "label": make_partner(tags=[label]),
        "zeichen": make_partner(tags=[zeichen]),
        "siegel": make_partner(tags=[siegel]),
    }
    return (siegel, label, zeichen), partners


# --- List and forms ------------------------------------------------------------------


def test_list_shows_name_slug_and_how_many_partners_use_each_tag(admin_client, seal_tags):
    tag("Unbenutzt")
    response = admin_client.get(CHANGELIST)
    assert columns(response) == ["name", "slug", "partner_count"]
    counts = {t.name: t.partner_count for t in response.context["cl"].result_list}
    assert counts == {"Gütezeichen": 1, "Label": 2, "Siegel": 2, "Unbenutzt": 0}
    assert [t.name for t in response.context["cl"].result_list] == [
        "Gütezeichen",
        "Label",
        "Siegel",
        "Unbenutzt",
    ]
    assertContains(response, "Anzahl Partner")


def test_list_counts_in_one_query(admin_client, seal_tags, django_assert_max_num_queries):
    admin_client.get(CHANGELIST)  # sessions, permissions and the like are warm now
    tag("Noch eins")
    make_partner(tags=["Noch eins", "Siegel"])
    with django_assert_max_num_queries(12) as queries:
        admin_client.get(CHANGELIST)
    tag_queries = [q["sql"] for q in queries.captured_queries if "taggit_tag" in q["sql"]]
    # the page's rows and the list's total: the counts come with the rows
    assert len(tag_queries) <= 3


def test_search_by_name(admin_client, seal_tags):
    response = admin_client.get(CHANGELIST, {"q": "sieg"})
    assert [t.name for t in response.context["cl"].result_list] == ["Siegel"]


def test_forms_are_german_without_taggits_generic_items(admin_client, seal_tags):
    siegel = seal_tags[0][0]
    add = admin_client.get(reverse("admin:taggit_tag_add"))
    change = admin_client.get(reverse("admin:taggit_tag_change", args=[siegel.pk]))
    assertContains(add, "data-prepopulated-field")
    for response in (add, change, admin_client.get(CHANGELIST)):
        text = visible_text(response)
        assert [word for word in ENGLISH if word in text] == []
        assertNotContains(response, "taggeditem")
    assertContains(change, "Schlagwort ändern")


def test_editor_sees_the_tag_admin_in_german_without_the_merge_action(editor_client, seal_tags):
    siegel = seal_tags[0][0]
    for url in (
        CHANGELIST,
        reverse("admin:taggit_tag_add"),
        reverse("admin:taggit_tag_change", args=[siegel.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200
        text = visible_text(response)
        assert [word for word in ENGLISH if word in text] == []
    listing = editor_client.get(CHANGELIST)
    assertNotContains(listing, MERGE)
    assertNotContains(listing, "zusammenführen")
    assertNotContains(listing, 'name="action"')  # Redaktion may delete nothing: no actions


# --- Merging -------------------------------------------------------------------------


def test_superuser_is_offered_the_merge_action_in_german(admin_client, seal_tags):
    response = admin_client.get(CHANGELIST)
    assertContains(response, f'<option value="{MERGE}">Ausgewählte Schlagwörter zusammenführen')


def test_merge_asks_for_the_name_and_lists_the_selected_tags(admin_client, seal_tags):
    siegel, label, zeichen = seal_tags[0]
    response = merge(admin_client, [siegel, label, zeichen])
    assert response.status_code == 200
    assertTemplateUsed(response, "admin/taggit/tag/merge_confirmation.html")
    page = response.content.decode()
    assert "Neuer Name" in page
    # the first selected tag in the list's order (by name)
    assert 'value="Gütezeichen"' in page
    assert "Siegel (2 Partner)" in visible_text(response)
    assert "Gütezeichen (1 Partner)" in visible_text(response)
    assert 'value="Zusammenführen"' in page
    assert 'href="/admin/taggit/tag/" class="button cancel-link">Abbrechen</a>' in page
    assert 'href="/admin/taggit/tag/">Schlagwörter</a>' in page
    assert "› Schlagwörter zusammenführen" in visible_text(response).replace("\u203a", "›")
    assert Tag.objects.count() == 3


def test_merge_moves_every_partner_to_the_target_once_and_deletes_the_others(
    admin_client, admin_user, seal_tags
):
    (siegel, label, zeichen), partners = seal_tags
    versions = {key: p.history.count() for key, p in partners.items()}
    response = merge(admin_client, [siegel, label, zeichen], name="Siegel", apply="1")
    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["Siegel"]
    assert Tag.objects.get().pk == siegel.pk  # the existing tag keeps its address
    for partner in partners.values():
        assert tags_of(partner) == [("Siegel",)]
    assert messages(response) == ["3 Schlagwörter zu „Siegel“ zusammengeführt; 3 Partner geändert."]
    # each changed partner has a new version that records its new tags
    for key in ("both", "label", "zeichen"):
        partner = partners[key]
        assert partner.history.count() == versions[key] + 1
        latest = partner.history.first()
        assert latest.history_tags == ["Siegel"]
        assert latest.history_user == admin_user
    assert partners["siegel"].history.count() == versions["siegel"]


def test_merge_into_a_new_name_creates_that_tag(admin_client, seal_tags):
    (siegel, label, _), partners = seal_tags
    response = merge(admin_client, [siegel, label], name="Umweltzeichen", apply="1")
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Gütezeichen", "Umweltzeichen"]
    assert Partner.objects.filter(tags__name="Umweltzeichen").count() == 3
    assert tags_of(partners["both"]) == [("Umweltzeichen",)]
    assert partners["both"].history.first().history_tags == ["Umweltzeichen"]
    expected = "2 Schlagwörter zu „Umweltzeichen“ zusammengeführt; 3 Partner geändert."
    assert messages(response) == [expected]


def test_merge_into_an_existing_tag_not_selected_ignores_case(admin_client, seal_tags):
    (siegel, label, zeichen), partners = seal_tags
    merge(admin_client, [label, zeichen], name="siegel", apply="1")
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["Siegel"]
    assert tags_of(partners["both"]) == [("Siegel",)]
    assert tags_of(partners["zeichen"]) == [("Siegel",)]


def test_merge_without_a_name_explains_in_german_and_changes_nothing(admin_client, seal_tags):
    (siegel, label, zeichen), partners = seal_tags
    response = merge(admin_client, [siegel, label], name="  ", apply="1")
    assert response.status_code == 200
    assertContains(response, "Bitte einen Namen für das zusammengeführte Schlagwort eingeben.")
    assert Tag.objects.count() == 3
    assert tags_of(partners["both"]) == [("Label",), ("Siegel",)]


def test_editor_cannot_merge_tags(editor_client, seal_tags):
    (siegel, label, zeichen), partners = seal_tags
    for data in ({}, {"name": "Siegel", "apply": "1"}):
        response = merge(editor_client, [siegel, label], **data)
        assertTemplateNotUsed(response, "admin/taggit/tag/merge_confirmation.html")
        assertNotContains(response, "Neuer Name", status_code=response.status_code)
    assert Tag.objects.count() == 3
    assert tags_of(partners["both"]) == [("Label",), ("Siegel",)]
