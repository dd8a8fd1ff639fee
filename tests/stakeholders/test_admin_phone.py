"""Phone numbers in the back office: accepted as written, explained next to the field."""

import pytest
from django.contrib.contenttypes.models import ContentType
from pytest_django.asserts import assertContains, assertNotContains

from stakeholders.models import Actor, ContactPerson, Office
from tests.factories import make_actor, make_contact

FIELD_ERROR = (
    '<ul class="errorlist" id="id_phone_error"><li>Das ist keine gültige Telefonnummer. '
    "Bitte die Nummer mit Vorwahl angeben, z. B. 0211 8371622, oder mit Ländervorwahl, "
    "z. B. +49 211 8371622.</li></ul>"
)


def office_form(office, **fields):
    return {
        "name": office.name,
        "subtitle": office.subtitle,
        "street": office.street,
        "postal_code": office.postal_code,
        "city": office.city,
        "phone": office.phone,
        "email": office.email,
        "opening_hours": office.opening_hours,
        **fields,
    }


def office_url(office):
    return f"/admin/stakeholders/office/{office.pk}/change/"


@pytest.mark.django_db
def test_office_change_form_shows_the_stored_number_in_the_national_form(admin_client, office):
    response = admin_client.get(office_url(office))
    assertContains(response, 'value="0211 5550100"')


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["0211/8371622", "(0211) 837 16 22", "+49 211 8371622"])
def test_office_change_form_stores_a_number_as_written_in_e164(admin_client, office, written):
    response = admin_client.post(office_url(office), office_form(office, phone=written))
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone == "+492118371622"


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["12", "abc", "0211 12345678901234"])
def test_office_change_form_explains_a_bad_number_next_to_the_field(admin_client, office, written):
    saved = office.phone
    response = admin_client.post(
        office_url(office), office_form(office, phone=written, opening_hours="Dienstags")
    )
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index('class="form-row errors field-phone') :]
    row = row[: row.index('<div class="form-row', 1)]
    assertContains(response, FIELD_ERROR, html=True)
    assert "keine gültige Telefonnummer" in row
    assert f'value="{written}"' in row  # the input stays for correcting it
    assertContains(response, "Dienstags")
    office.refresh_from_db()
    assert office.phone == saved


@pytest.mark.django_db
def test_contact_person_change_form_stores_e164_and_explains_a_bad_number(admin_client):
    actor = make_actor()
    contact = make_contact(actor, phone="0211 9876543")
    url = f"/admin/stakeholders/contactperson/{contact.pk}/change/"
    form = {
        "content_type": ContentType.objects.get_for_model(Actor).pk,
        "object_id": actor.pk,
        "name": contact.name,
        "role": contact.role,
        "email": "",
    }
    assertContains(admin_client.get(url), 'value="0211 9876543"')

    response = admin_client.post(url, {**form, "phone": "abc"})
    assertContains(response, FIELD_ERROR, html=True)
    assert ContactPerson.objects.get(pk=contact.pk).phone == "+492119876543"

    response = admin_client.post(url, {**form, "phone": "0211/123456"})
    assert response.status_code == 302
    assert ContactPerson.objects.get(pk=contact.pk).phone == "+49211123456"


@pytest.mark.django_db
def test_office_help_text_says_how_a_number_may_be_written(admin_client, office):
    response = admin_client.get(office_url(office))
    assertContains(response, "So, wie man sie schreibt, z. B. 0211 8371622")
    assertNotContains(response, "International mit Ländervorwahl")
    assert Office.objects.count() == 1


@pytest.mark.django_db
def test_lists_show_numbers_in_the_national_form(admin_client, office):
    make_contact(make_actor(), name="Erika Beispiel", phone="+492115550199")
    contacts = admin_client.get("/admin/stakeholders/contactperson/")
    assertContains(contacts, '<td class="field-national_phone">0211 5550199</td>', html=True)
    offices = admin_client.get("/admin/stakeholders/office/")
    assertContains(offices, '<td class="field-national_phone">0211 5550100</td>', html=True)
    assertNotContains(offices, "+492115550100")


@pytest.mark.django_db
def test_list_search_icon_has_a_german_text_alternative(admin_client):
    response = admin_client.get("/admin/stakeholders/contactperson/")
    assertContains(response, 'alt="Suchen"')
    assertNotContains(response, 'alt="Search"')
