"""The back office for the network, and what actors and partners share there
(stakeholders.admin.PartnershipAdmin): filters, actions, the link check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from stakeholders.admin import PartnershipAdmin
from stakeholders.models import Office
from tests.admin_pages import columns
from tests.factories import make_actor, make_contact, make_partner

# Not about the second pair of eyes (tests/core/test_release*.py): saves go live.
pytestmark = pytest.mark.usefixtures("four_eyes_off")

# The admin of each model that keeps a partnership record, with its factory.
PARTNERSHIP_ADMINS = pytest.mark.parametrize(
    ("model", "make_entry"),
    [("stakeholders/actor", make_actor), ("partners/partner", make_partner)],
    ids=["actor", "partner"],
)

VISIBILITY_FIELD = {make_actor: "is_public", make_partner: "is_published"}


def run_action(admin_client, model, action, entries):
    return admin_client.post(
        f"/admin/{model}/",
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )


def listed(admin_client, model, **params):
    return list(admin_client.get(f"/admin/{model}/", params).context["cl"].result_list)


# --- Lists and forms -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["stakeholders/stakeholdergroup", "stakeholders/actor"])
def test_add_forms_prepopulate_the_slug(admin_client, model):
    assertContains(admin_client.get(f"/admin/{model}/add/"), "data-prepopulated-field")


@pytest.mark.django_db
def test_office_cannot_be_added_twice_or_deleted(admin_client, office):
    assert admin_client.get("/admin/stakeholders/office/add/").status_code == 403
    delete_url = f"/admin/stakeholders/office/{office.pk}/delete/"
    assert admin_client.get(delete_url).status_code == 403
    assert Office.objects.count() == 1


@pytest.mark.django_db
def test_office_can_be_added_while_there_is_none(admin_client):
    assert admin_client.get("/admin/stakeholders/office/add/").status_code == 200


@pytest.mark.django_db
def test_office_change_form_keeps_input_and_explains_a_bad_phone_number(admin_client, office):
    url = f"/admin/stakeholders/office/{office.pk}/change/"
    saved_phone = office.phone
    data = {
        "name": office.name,
        "subtitle": office.subtitle,
        "street": office.street,
        "postal_code": office.postal_code,
        "city": office.city,
        "phone": "0211 Durchwahl folgt",
        "email": "",
        "opening_hours": "Dienstags",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "Das ist keine gültige Telefonnummer.")
    assertContains(response, "Dienstags")
    office.refresh_from_db()
    assert office.phone == saved_phone


@pytest.mark.django_db
def test_editorial_group_may_edit_the_network_and_the_office(editor_client, editor, office):
    for perm in ["add_actor", "change_actor", "change_stakeholdergroup", "change_office"]:
        assert editor.has_perm(f"stakeholders.{perm}")
    assert not editor.has_perm("stakeholders.delete_actor")
    assert editor_client.get("/admin/stakeholders/actor/add/").status_code == 200
    office_url = reverse("admin:stakeholders_office_change", args=[office.pk])
    assert editor_client.get(office_url).status_code == 200
    actor = make_actor()
    delete_url = reverse("admin:stakeholders_actor_delete", args=[actor.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_every_admin_page_loads_the_project_stylesheet_and_keeps_the_site_header(editor_client):
    for url in ["/admin/", "/admin/stakeholders/actor/", "/admin/stakeholders/actor/add/"]:
        response = editor_client.get(url)
        assertContains(response, 'href="/static/css/admin.css"')
        header = '<div id="site-name"><a href="/admin/">newtrade nrw – Backoffice</a>'
        assertContains(response, header)
        assertContains(response, "| newtrade nrw Backoffice</title>")


@pytest.mark.django_db
def test_actor_list_shows_only_the_columns_staff_need(editor_client):
    actor = make_actor(name="Verborgenes Amt", is_public=False, next_step="Anrufen")
    actor.__class__.objects.filter(pk=actor.pk).update(
        next_step_due=datetime.date(2020, 1, 2),
        updated_at=datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    )
    response = editor_client.get("/admin/stakeholders/actor/")
    assert columns(response) == [*["name", "group", "partnership", "due", "visibility", "changed"]]
    assertContains(response, '<td class="field-partnership">angebahnt</td>', html=True)
    assertContains(response, "02.01.2020 (überfällig)")
    assertContains(response, '<td class="field-visibility">verborgen</td>', html=True)
    assertContains(response, '<td class="field-changed">02.03.2026</td>', html=True)


@pytest.mark.django_db
def test_fields_in_tables_and_empty_autocompletes_are_named_for_screen_readers(editor_client):
    partner = make_partner(name="Kompass Test")
    make_contact(partner, name="Frau Beispiel")
    listing = editor_client.get("/admin/partners/partner/")
    assertContains(listing, 'aria-label="Reihenfolge: Kompass Test"')
    form = editor_client.get(partner.admin_url)
    assertContains(form, 'aria-label="Name: Frau Beispiel (Referentin)"')
    assertContains(form, 'aria-label="E-Mail-Adresse"')  # the empty row added by script
    added = editor_client.get("/admin/stakeholders/actor/add/")
    assertContains(added, 'data-placeholder="Akteursgruppe auswählen"')
    assertContains(added, "/static/js/admin-autocomplete-names.js")


# --- Filters and actions shared by actors and partners ----------------------------------


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
def test_due_filter_and_search_by_internal_fields(admin_client, model, make_entry):
    overdue = make_entry(next_step="Nachfassen", next_step_due=datetime.date(2020, 1, 1))
    later = make_entry(
        next_step="Später", next_step_due=timezone.localdate() + datetime.timedelta(60)
    )
    undated = make_entry()
    response = admin_client.get(f"/admin/{model}/", {"faellig": "ueberfaellig"})
    assert list(response.context["cl"].result_list) == [overdue]
    assertContains(response, "überfällig")
    assert listed(admin_client, model, q="Nachfassen") == [overdue]
    assert listed(admin_client, model, faellig="ohne") == [undated]
    assert later not in listed(admin_client, model, faellig="bald")


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
def test_due_soon_filter_excludes_overdue_and_later_steps(admin_client, model, make_entry):
    today = timezone.localdate()
    soon = make_entry(next_step="Bald", next_step_due=today + datetime.timedelta(days=3))
    make_entry(next_step="Vorbei", next_step_due=today - datetime.timedelta(days=1))
    make_entry(next_step="Später", next_step_due=today + datetime.timedelta(days=30))
    assert listed(admin_client, model, faellig="bald") == [soon]


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
@pytest.mark.parametrize(
    ("action", "before", "after"), [("publish", False, True), ("unpublish", True, False)]
)
def test_publish_actions_change_visibility_and_are_recorded(
    admin_client, model, make_entry, action, before, after
):
    entry = make_entry(**{VISIBILITY_FIELD[make_entry]: before})
    untouched = make_entry(**{VISIBILITY_FIELD[make_entry]: before})
    assertContains(run_action(admin_client, model, action, [entry]), "1 Eintrag")
    entry.refresh_from_db()
    assert entry.is_visible is after
    latest = entry.history.first()
    assert latest.history_type == "~"
    assert getattr(latest, entry.visibility_field) is after
    untouched.refresh_from_db()
    assert untouched.is_visible is before


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
def test_staff_confirm_entries_as_reviewed_today(admin_client, model, make_entry):
    entry = make_entry(last_reviewed=datetime.date(2025, 1, 1))
    response = run_action(admin_client, model, "mark_reviewed", [entry])
    assertContains(response, "1 Eintrag als geprüft markiert.")
    entry.refresh_from_db()
    assert entry.last_reviewed == timezone.localdate()
    assert entry.history.first().last_reviewed == timezone.localdate()


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
def test_admin_shows_link_state_filters_it_and_checks_selected_now(
    admin_client, site, model, make_entry
):
    entry = make_entry(name="Kaputter Link", website=f"{site.url}/missing")
    make_entry(website=f"{site.url}/ok")
    response = run_action(admin_client, model, "check_links_now", [entry])
    assertContains(response, "Linkprüfung: 1 geprüft: 0 in Ordnung, 0 umgeleitet, 1 defekt")
    listing = admin_client.get(f"/admin/{model}/", {"link_status": "defekt"})
    assert [e.name for e in listing.context["cl"].result_list] == ["Kaputter Link"]
    form = admin_client.get(entry.admin_url)
    assertContains(form, "defekt")
    overview = admin_client.get("/admin/")
    assertContains(overview, "Defekte Links")
    assertContains(overview, entry.admin_url)


@pytest.mark.django_db
@PARTNERSHIP_ADMINS
def test_admin_check_refuses_more_entries_than_a_page_can_wait_for(
    admin_client, site, monkeypatch, model, make_entry
):
    entries = [make_entry(website=f"{site.url}/ok") for _ in range(3)]
    monkeypatch.setattr(PartnershipAdmin, "check_now_limit", 2)
    response = run_action(admin_client, model, "check_links_now", entries)
    assertContains(response, "Bitte höchstens 2 Einträge auf einmal prüfen: die übrigen danach")
    assertNotContains(response, "manage.py")
    assert not type(entries[0]).objects.filter(link_checked_at__isnull=False).exists()


@pytest.mark.django_db
def test_internal_contact_persons_have_no_link_to_the_website(editor_client):
    partner = make_partner(name="Portal mit Ansprechperson")
    contact = make_contact(partner, name="Frau Intern")
    form = editor_client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    assertContains(form, "Frau Intern")
    assertNotContains(form, 'class="inlineviewlink"')
    page = editor_client.get(reverse("admin:stakeholders_contactperson_change", args=[contact.pk]))
    assertNotContains(page, "Auf der Website anzeigen")
