"""The back office for partner resources: forms, history, export, reports, roles.

The filters and actions partners share with actors are tested in
tests/stakeholders/test_admin.py, the start page in tests/newtrade/test_admin.py.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from stakeholders.models import ContactPerson, PartnershipStatus
from tests.admin_pages import columns
from tests.factories import make_entry_report, make_group, make_partner

CONTACTS = "stakeholders-contactperson-content_type-object_id"


def partner_form(partner, **changes):
    """The change form's data for `partner`, with `changes`; empty fields left out."""
    data = {
        "name": partner.name,
        "slug": partner.slug,
        "teaser": partner.teaser,
        "description": partner.description,
        "website": partner.website,
        "operator": partner.operator,
        "group": partner.group_id,
        "tags": ", ".join(partner.tags.names()),
        "is_published": "on" if partner.is_published else "",
        "order": partner.order,
        "partnership_status": partner.partnership_status,
        "partnership_since": "",
        "next_step": "",
        "next_step_due": "",
        "internal_notes": "",
        f"{CONTACTS}-TOTAL_FORMS": "0",
        f"{CONTACTS}-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def change_url(partner):
    return reverse("admin:partners_partner_change", args=[partner.pk])


# --- Lists and forms -----------------------------------------------------------------


@pytest.mark.django_db
def test_add_form_prepopulates_the_slug(admin_client):
    assertContains(admin_client.get("/admin/partners/partner/add/"), "data-prepopulated-field")


@pytest.mark.django_db
def test_staff_can_add_a_partner_with_tags(admin_client):
    group = make_group()
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Neues Angebot",
            "slug": "neues-angebot",
            "teaser": "Ein neues Angebot.",
            "website": "https://example.org",
            "group": group.pk,
            "tags": "Recht, Neu",
            "is_published": "on",
            "order": "5",
            "partnership_status": "angebahnt",
            f"{CONTACTS}-TOTAL_FORMS": "0",
            f"{CONTACTS}-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get(slug="neues-angebot")
    assert (partner.group, partner.is_published, partner.order) == (group, True, 5)
    assert sorted(partner.tags.names()) == ["Neu", "Recht"]


@pytest.mark.django_db
def test_partner_filter_by_published(admin_client):
    make_partner(slug="veroeffentlicht")
    make_partner(slug="entwurf", is_published=False)
    response = admin_client.get("/admin/partners/partner/", {"is_published__exact": "0"})
    assert [p.slug for p in response.context["cl"].result_list] == ["entwurf"]


@pytest.mark.django_db
def test_partner_list_shows_only_the_columns_staff_need(editor_client):
    make_partner(name="Veröffentlichtes Portal", order=1)
    make_partner(name="Portal im Entwurf", is_published=False, order=2)
    make_partner(name="Beendetes Portal", ended=True, order=3)
    Partner.objects.update(updated_at=datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC))
    response = editor_client.get("/admin/partners/partner/")
    assert columns(response) == [
        *["name", "group", "partnership", "due", "visibility", "order"],
        "changed",
    ]
    cells = [
        '<td class="field-visibility">öffentlich</td>',
        '<td class="field-visibility">Entwurf</td>',
        '<td class="field-visibility">beendet</td>',
        '<td class="field-changed">02.03.2026</td>',
    ]
    for cell in cells:
        assertContains(response, cell, html=True)


@pytest.mark.django_db
def test_form_with_errors_keeps_what_was_typed_and_explains_in_german(admin_client):
    partner = make_partner(website="https://www.siegelklarheit.de")
    taken = make_partner()
    response = admin_client.post(
        change_url(partner),
        partner_form(
            partner,
            website="keine adresse",
            slug=taken.slug,
            internal_notes="Notiz, die nicht verloren gehen darf",
            next_step_due="2026-12-01",
        ),
    )
    assert response.status_code == 200
    assertContains(response, "Bitte eine gültige Adresse eingeben.")
    assertContains(response, "existiert bereits")
    assertContains(response, "Bitte beschreiben Sie den Schritt, der fällig wird.")
    assertContains(response, "Notiz, die nicht verloren gehen darf")
    partner.refresh_from_db()
    assert partner.website == "https://www.siegelklarheit.de"


@pytest.mark.django_db
def test_contact_person_inline_validates_email_and_phone(admin_client):
    partner = make_partner()
    data = partner_form(
        partner,
        **{
            f"{CONTACTS}-TOTAL_FORMS": "1",
            f"{CONTACTS}-0-name": "Erika Beispiel",
            f"{CONTACTS}-0-email": "kein-mail",
            f"{CONTACTS}-0-phone": "12345",
        },
    )
    response = admin_client.post(change_url(partner), data)
    assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")
    assertContains(response, "Ländervorwahl")
    assert ContactPerson.objects.count() == 0

    data[f"{CONTACTS}-0-email"] = "erika@example.org"
    data[f"{CONTACTS}-0-phone"] = "+49 211 1234567"
    response = admin_client.post(change_url(partner), data)
    assert response.status_code == 302
    assert [c.name for c in partner.contacts.all()] == ["Erika Beispiel"]


# --- Export -------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_export_opens_in_a_german_spreadsheet(admin_client):
    partner = make_partner(
        name="Umweltbundesamt",
        group=make_group(name="Politik und Verwaltung"),
        partnership_status=PartnershipStatus.ACTIVE,
        next_step="Leitfaden abstimmen",
        next_step_due=datetime.date(2026, 12, 24),
        tags=["Umweltkriterien", "Blauer Engel"],
    )
    make_partner(name="Nicht ausgewählt")
    response = admin_client.post(
        "/admin/partners/partner/", {"action": "export_csv", "_selected_action": [partner.pk]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    record = dict(zip(header, row, strict=True))
    assert record["Name"] == "Umweltbundesamt"
    assert record["Akteursgruppe"] == "Politik und Verwaltung"
    assert record["Stand der Partnerschaft"] == "aktiv"
    assert record["fällig am"] == "24.12.2026"
    assert record["Nächster Schritt"] == "Leitfaden abstimmen"
    assert record["veröffentlicht"] == "ja"
    assert record["Angebot beendet"] == "nein"
    assert record["Schlagwörter"] == "Blauer Engel, Umweltkriterien"
    assert "True" not in row and "False" not in row


# --- History and restore ------------------------------------------------------------


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_and_can_be_reverted(admin_client, admin_user):
    partner = make_partner(teaser="Der erste Kurztext.")
    original = partner.teaser
    admin_client.post(change_url(partner), partner_form(partner, teaser="Geänderter Kurztext"))
    partner.refresh_from_db()
    assert partner.teaser == "Geänderter Kurztext"
    latest = partner.history.first()
    assert (latest.history_user, latest.history_type) == (admin_user, "~")

    history = admin_client.get(reverse("admin:partners_partner_history", args=[partner.pk]))
    assertContains(history, "Geänderter Kurztext")
    baseline = partner.history.last()
    revert_url = reverse(
        "admin:partners_partner_simple_history", args=[partner.pk, baseline.history_id]
    )
    assertContains(admin_client.get(revert_url), original)
    admin_client.post(revert_url, partner_form(partner, teaser=original))
    partner.refresh_from_db()
    assert partner.teaser == original


@pytest.mark.django_db
def test_deleted_partner_can_be_restored_from_its_history(admin_client):
    partner = make_partner(name="Gelöschtes Angebot")
    pk = partner.pk
    admin_client.post(reverse("admin:partners_partner_delete", args=[pk]), {"post": "yes"})
    assert not Partner.objects.filter(pk=pk).exists()

    record = Partner.history.filter(id=pk, history_type="+").first()
    restore_url = reverse("admin:partners_partner_simple_history", args=[pk, record.history_id])
    admin_client.post(restore_url, partner_form(record.instance))
    assert Partner.objects.get(pk=pk).name == "Gelöschtes Angebot"


# --- Visitors' reports ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("staff", ["admin_client", "editor_client"])
def test_staff_mark_entry_reports_done_and_they_leave_the_overview(request, staff):
    admin_client = request.getfixturevalue(staff)  # a superuser, and a member of Redaktion
    report = make_entry_report(problem="Der Gütezeichen-Finder ist umgezogen.")
    other = make_entry_report(problem="Die Telefonnummer stimmt nicht.")
    assert admin_client.get("/admin/partners/entryreport/").status_code == 200
    page = admin_client.get(f"/admin/partners/entryreport/{report.pk}/change/")
    assertContains(page, "Der Gütezeichen-Finder ist umgezogen.")
    assertContains(admin_client.get("/admin/"), "Der Gütezeichen-Finder ist umgezogen.")
    done = admin_client.post(
        "/admin/partners/entryreport/",
        {"action": "mark_done", "_selected_action": [report.pk]},
        follow=True,
    )
    assertContains(done, "1 Meldung erledigt.")
    report.refresh_from_db()
    other.refresh_from_db()
    assert (report.done, other.done) == (True, False)
    overview = admin_client.get("/admin/")
    assertNotContains(overview, "Der Gütezeichen-Finder ist umgezogen.")
    assertContains(overview, "Die Telefonnummer stimmt nicht.")


@pytest.mark.django_db
def test_staff_cannot_add_or_rewrite_a_report(admin_client):
    report = make_entry_report(problem="Veraltet.")
    assert admin_client.get("/admin/partners/entryreport/add/").status_code == 403
    change = admin_client.get(f"/admin/partners/entryreport/{report.pk}/change/")
    assert "problem" not in change.context["adminform"].form.fields


# --- Roles ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_editorial_group_may_add_change_and_view_partners_but_not_delete(editor_client, editor):
    partner = make_partner()
    for perm in ["add_partner", "change_partner", "view_partner"]:
        assert editor.has_perm(f"partners.{perm}")
    assert editor.has_perm("taggit.add_tag")
    assert editor_client.get("/admin/partners/partner/add/").status_code == 200
    url = reverse("admin:partners_partner_delete", args=[partner.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.django_db
def test_superuser_can_delete(admin_client):
    partner = make_partner()
    url = reverse("admin:partners_partner_delete", args=[partner.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.django_db
def test_tag_filter_names_the_entries_without_a_tag(editor_client):
    untagged = make_partner(name="Portal ohne Schlagwort")
    make_partner(name="Portal mit Schlagwort").tags.add("Siegel")
    response = editor_client.get("/admin/partners/partner/")
    assertContains(response, "ohne Schlagwort</a>")
    listed = editor_client.get("/admin/partners/partner/?tags__isnull=True")
    assertContains(listed, untagged.name)
    assertNotContains(listed, "Portal mit Schlagwort")


@pytest.mark.django_db
def test_empty_values_read_as_a_dash_everywhere_in_the_back_office(editor_client):
    partner = make_partner()
    report = make_entry_report(partner)
    response = editor_client.get(f"/admin/partners/entryreport/{report.pk}/change/")
    assertContains(response, '<div class="readonly">—</div>', html=True)
