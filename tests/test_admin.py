import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from partners.models import Partner
from stakeholders.models import Office

MODELS = [
    "stakeholders/stakeholdergroup",
    "stakeholders/actor",
    "stakeholders/office",
    "stakeholders/contactperson",
    "partners/partner",
    "taggit/tag",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_staff_can_list_search_and_filter_every_model(admin_client, model):
    url = f"/admin/{model}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Nachhaltig"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["stakeholders/stakeholdergroup", "stakeholders/actor", "partners/partner"]
)
def test_add_forms_prepopulate_the_slug(admin_client, model):
    response = admin_client.get(f"/admin/{model}/add/")
    assertContains(response, "data-prepopulated-field")


@pytest.mark.django_db
def test_staff_can_add_a_partner_with_tags(admin_client):
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Neues Angebot",
            "slug": "neues-angebot",
            "teaser": "Ein neues Angebot.",
            "description": "",
            "website": "https://example.org",
            "operator": "",
            "group": Partner.objects.first().group_id,
            "tags": "Recht, Neu",
            "is_published": "on",
            "order": "5",
            "partnership_status": "angebahnt",
            "stakeholders-contactperson-content_type-object_id-TOTAL_FORMS": "0",
            "stakeholders-contactperson-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get(slug="neues-angebot")
    assert sorted(partner.tags.names()) == ["Neu", "Recht"]


@pytest.mark.django_db
def test_partner_filter_by_published(admin_client):
    Partner.objects.filter(slug="siegelklarheit").update(is_published=False)
    response = admin_client.get("/admin/partners/partner/", {"is_published__exact": "0"})
    assert [p.slug for p in response.context["cl"].result_list] == ["siegelklarheit"]


@pytest.mark.django_db
def test_office_cannot_be_added_twice_or_deleted(admin_client, office):
    assert admin_client.get("/admin/stakeholders/office/add/").status_code == 403
    delete_url = f"/admin/stakeholders/office/{office.pk}/delete/"
    assert admin_client.get(delete_url).status_code == 403
    assert Office.objects.count() == 1


@pytest.mark.django_db
def test_office_change_form_keeps_input_and_explains_a_bad_phone_number(admin_client, office):
    url = f"/admin/stakeholders/office/{office.pk}/change/"
    data = {
        "name": office.name,
        "subtitle": office.subtitle,
        "street": office.street,
        "postal_code": office.postal_code,
        "city": office.city,
        "phone": "0211 837",
        "email": "",
        "opening_hours": "Dienstags",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "Ländervorwahl")
    assertContains(response, "Dienstags")
    office.refresh_from_db()
    assert office.phone == "+49 (0)211/837-1622"
