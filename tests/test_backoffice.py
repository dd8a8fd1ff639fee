"""The back office: partnership work, actions, export, preview, history, roles."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from newtrade.overview import GrowthChart, follow_ups
from partners.models import Partner
from stakeholders.models import Actor, ContactPerson
from tests.factories import make_actor, make_partner

SECRET = "Vertraulich: Budget noch offen"


def partner_form(partner, **changes):
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
        "stakeholders-contactperson-content_type-object_id-TOTAL_FORMS": "0",
        "stakeholders-contactperson-content_type-object_id-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# --- Partnership fields and validation -------------------------------------------


@pytest.mark.django_db
def test_due_date_needs_a_next_step():
    partner = make_partner(next_step_due=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "next_step" in error.value.message_dict


@pytest.mark.django_db
def test_partnership_cannot_start_in_the_future_or_be_due_before_it_started():
    partner = make_partner(partnership_since=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "partnership_since" in error.value.message_dict
    partner = make_partner(
        partnership_since=datetime.date(2026, 5, 1),
        next_step="Anrufen",
        next_step_due=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "next_step_due" in error.value.message_dict


@pytest.mark.django_db
def test_form_with_errors_keeps_what_was_typed_and_explains_in_german(admin_client):
    partner = Partner.objects.get(slug="siegelklarheit")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    response = admin_client.post(
        url,
        partner_form(
            partner,
            website="keine adresse",
            slug="kompass-nachhaltigkeit",
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
    partner = Partner.objects.get(slug="siegelklarheit")
    prefix = "stakeholders-contactperson-content_type-object_id"
    data = partner_form(
        partner,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-name": "Erika Beispiel",
            f"{prefix}-0-email": "kein-mail",
            f"{prefix}-0-phone": "12345",
        },
    )
    response = admin_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)
    assertContains(response, "Bitte gültige E-Mail-Adresse eingeben.")
    assertContains(response, "Ländervorwahl")
    assert ContactPerson.objects.count() == 0

    data[f"{prefix}-0-email"] = "erika@example.org"
    data[f"{prefix}-0-phone"] = "+49 211 1234567"
    response = admin_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302
    assert [c.name for c in partner.contacts.all()] == ["Erika Beispiel"]


# --- Lists, filters, actions, export ----------------------------------------------


@pytest.mark.django_db
def test_due_filter_and_search_by_internal_fields(admin_client):
    overdue = make_partner(next_step="Nachfassen", next_step_due=datetime.date(2020, 1, 1))
    make_partner(next_step="Später", next_step_due=timezone.localdate() + datetime.timedelta(60))
    response = admin_client.get("/admin/partners/partner/", {"faellig": "ueberfaellig"})
    assert list(response.context["cl"].result_list) == [overdue]
    assertContains(response, "überfällig")
    response = admin_client.get("/admin/partners/partner/", {"q": "Nachfassen"})
    assert list(response.context["cl"].result_list) == [overdue]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "before", "after"), [("publish", False, True), ("unpublish", True, False)]
)
def test_publish_actions_change_visibility_and_are_recorded(admin_client, action, before, after):
    partner = make_partner(is_published=before)
    actor = make_actor(is_public=before)
    for model, obj in [("partners/partner", partner), ("stakeholders/actor", actor)]:
        response = admin_client.post(
            f"/admin/{model}/", {"action": action, "_selected_action": [obj.pk]}, follow=True
        )
        assertContains(response, "1 Eintrag")
        obj.refresh_from_db()
        assert obj.is_visible is after
        latest = obj.history.first()
        assert latest.history_type == "~"
        assert getattr(latest, obj.visibility_field) is after


@pytest.mark.django_db
def test_csv_export_opens_in_a_german_spreadsheet(admin_client):
    partner = Partner.objects.get(slug="umweltbundesamt")
    partner.next_step = "Leitfaden abstimmen"
    partner.next_step_due = datetime.date(2026, 12, 24)
    partner.save()
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


# --- Preview of drafts --------------------------------------------------------------


@pytest.mark.django_db
def test_staff_preview_drafts_with_a_banner_and_the_public_gets_404(client, editor_client):
    draft = make_partner(is_published=False, name="Entwurf im Test")
    hidden = make_actor(is_public=False, name="Verborgener Akteur")
    for obj in [draft, hidden]:
        assert client.get(obj.get_absolute_url()).status_code == 404
        response = editor_client.get(obj.get_absolute_url())
        assertContains(response, "Nicht veröffentlicht.")
        assertContains(response, f'href="{obj.admin_url}"')
    assertNotContains(editor_client.get("/partner/"), "Entwurf im Test")


@pytest.mark.django_db
def test_published_page_has_no_draft_banner_for_staff(editor_client):
    assertNotContains(editor_client.get("/partner/siegelklarheit/"), "Nicht veröffentlicht.")


# --- History and restore ------------------------------------------------------------


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_and_can_be_reverted(admin_client, admin_user):
    partner = Partner.objects.get(slug="siegelklarheit")
    original = partner.teaser
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    admin_client.post(url, partner_form(partner, teaser="Geänderter Kurztext"))
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
def test_deleted_partner_is_listed_on_the_overview_and_can_be_restored(admin_client):
    partner = make_partner(name="Gelöschtes Angebot")
    pk = partner.pk
    admin_client.post(reverse("admin:partners_partner_delete", args=[pk]), {"post": "yes"})
    assert not Partner.objects.filter(pk=pk).exists()

    overview = admin_client.get("/admin/")
    history_url = reverse("admin:partners_partner_history", args=[pk])
    assertContains(overview, "Gelöschtes Angebot")
    assertContains(overview, history_url)

    record = Partner.history.filter(id=pk, history_type="+").first()
    restore_url = reverse("admin:partners_partner_simple_history", args=[pk, record.history_id])
    restored = record.instance
    admin_client.post(restore_url, partner_form(restored))
    assert Partner.objects.get(pk=pk).name == "Gelöschtes Angebot"


# --- Overview -------------------------------------------------------------------------


@pytest.mark.django_db
def test_overview_shows_counts_follow_ups_and_growth_chart(admin_client):
    make_actor(
        name="Fälliger Akteur",
        next_step="Rückruf",
        next_step_due=timezone.localdate() - datetime.timedelta(days=1),
        partnership_since=timezone.localdate().replace(day=1),
    )
    response = admin_client.get("/admin/")
    assertContains(response, "Fälliger Akteur")
    assertContains(response, "(überfällig)")
    assertContains(response, "Netzwerk nach Gruppen")
    assertContains(response, "<td>aktiv</td>", html=True)
    assertContains(response, 'role="img"')
    assertContains(response, '<title id="growth-title">')
    assertContains(response, "wurde 1 Partnerschaft")


@pytest.mark.django_db
def test_follow_ups_are_sorted_across_actors_and_partners():
    today = datetime.date(2026, 11, 27)
    later = make_partner(next_step="B", next_step_due=datetime.date(2026, 12, 5))
    sooner = make_actor(next_step="A", next_step_due=datetime.date(2026, 11, 1))
    make_partner(next_step="C", next_step_due=datetime.date(2027, 3, 1))
    assert follow_ups(today) == [sooner, later]


@pytest.mark.django_db
def test_growth_chart_counts_partnerships_per_month():
    today = datetime.date(2026, 11, 27)
    make_partner(partnership_since=datetime.date(2026, 11, 2))
    make_actor(partnership_since=datetime.date(2026, 11, 20))
    make_partner(partnership_since=datetime.date(2026, 1, 15))
    make_partner(partnership_since=datetime.date(2025, 11, 30))  # outside the 12 months
    chart = GrowthChart(months=12, today=today)
    counts = {bar.month: bar.count for bar in chart.bars}
    assert chart.bars[0].month == datetime.date(2025, 12, 1)
    assert counts[datetime.date(2026, 11, 1)] == 2
    assert counts[datetime.date(2026, 1, 1)] == 1
    assert chart.total == 3
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.month == datetime.date(2026, 11, 1)
    assert tallest.y == chart.top


# --- Roles ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_editorial_group_may_add_change_and_view_but_not_delete(editor_client, editor, office):
    partner = Partner.objects.get(slug="siegelklarheit")
    for perm in ["add_partner", "change_partner", "view_partner"]:
        assert editor.has_perm(f"partners.{perm}")
    for perm in ["add_actor", "change_stakeholdergroup", "change_office", "add_tag"]:
        app = "taggit" if perm.endswith("tag") else "stakeholders"
        assert editor.has_perm(f"{app}.{perm}")
    assert editor_client.get("/admin/partners/partner/add/").status_code == 200
    office_url = reverse("admin:stakeholders_office_change", args=[office.pk])
    assert editor_client.get(office_url).status_code == 200
    url = reverse("admin:partners_partner_delete", args=[partner.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()


@pytest.mark.django_db
def test_editorial_group_cannot_manage_users(editor_client, editor):
    assert not editor.has_perm("auth.change_user")
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


@pytest.mark.django_db
def test_superuser_can_delete(admin_client):
    partner = make_partner()
    url = reverse("admin:partners_partner_delete", args=[partner.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()


# --- Nothing internal leaks -----------------------------------------------------------


@pytest.mark.django_db
def test_internal_fields_never_appear_on_public_pages(client):
    partner = Partner.objects.get(slug="siegelklarheit")
    actor = Actor.objects.get(slug="eine-welt-netz-nrw")
    for obj in [partner, actor]:
        obj.internal_notes = SECRET
        obj.next_step = f"{SECRET} (Schritt)"
        obj.save()
        ContactPerson.objects.create(
            partner_entry=obj, name="Interne Ansprechperson", email="intern@example.org"
        )
    from tests.test_pages import PUBLIC_URLS

    for url in PUBLIC_URLS + ["/akteure/nichtregierungsorganisationen/eine-welt-netz-nrw/"]:
        html = client.get(url).content.decode()
        assert SECRET not in html, url
        assert "Interne Ansprechperson" not in html, url
        assert "intern@example.org" not in html, url
        assert "aktiv" not in html.lower().replace("aktiven", ""), url


@pytest.mark.django_db
def test_due_soon_filter_excludes_overdue_and_later_steps(admin_client):
    today = timezone.localdate()
    soon = make_partner(next_step="Bald", next_step_due=today + datetime.timedelta(days=3))
    make_partner(next_step="Vorbei", next_step_due=today - datetime.timedelta(days=1))
    make_partner(next_step="Später", next_step_due=today + datetime.timedelta(days=30))
    response = admin_client.get("/admin/partners/partner/", {"faellig": "bald"})
    assert list(response.context["cl"].result_list) == [soon]
