import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stakeholders.models import Actor, ContactPerson, Office, Role, StakeholderGroup
from tests.factories import make_actor, make_contact, make_group, make_office, make_partner

# Actors and partner resources share the partnership record (stakeholders.models.Partnership).
PARTNERSHIP_FACTORIES = pytest.mark.parametrize("make_entry", [make_actor, make_partner])


@pytest.mark.django_db
def test_groups_are_ordered_by_order_then_name():
    later = make_group(name="Alpha", order=1002)
    first_b = make_group(name="Beta", order=1001)
    first_a = make_group(name="Gamma", order=1001)
    assert list(StakeholderGroup.objects.filter(order__gt=1000)) == [first_b, first_a, later]


@pytest.mark.django_db
def test_group_str_url_and_role_label():
    group = make_group(name="Testgruppe X", slug="testgruppe-x", role=Role.CENTRAL)
    assert str(group) == "Testgruppe X"
    assert group.get_absolute_url() == "/akteure/testgruppe-x/"
    assert group.get_role_display() == "Im Mittelpunkt"


@pytest.mark.django_db
def test_member_counts_count_only_public_actors_and_published_partners():
    group = make_group()
    make_actor(group=group)
    make_actor(group=group, is_public=False)
    make_partner(group=group)
    make_partner(group=group)
    make_partner(group=group, is_published=False)
    counted = StakeholderGroup.objects.with_member_counts().get(pk=group.pk)
    assert (counted.public_actor_count, counted.published_partner_count) == (1, 2)


@pytest.mark.django_db
def test_member_counts_keep_the_group_order():
    for order in [30, 10, 20]:
        make_actor(group=make_group(order=order))
    groups = StakeholderGroup.objects.with_member_counts()
    assert [g.order for g in groups if g.order <= 30] == [10, 20, 30]


@pytest.mark.django_db
def test_actor_str_url_and_breadcrumbs():
    group = make_group(name="Gruppe Y", slug="gruppe-y")
    actor = make_actor(name="Institut Z", slug="institut-z", group=group)
    assert str(actor) == "Institut Z"
    assert actor.get_absolute_url() == "/akteure/gruppe-y/institut-z/"
    assert actor.breadcrumbs == [("Akteure", "/akteure/"), ("Gruppe Y", "/akteure/gruppe-y/")]


@pytest.mark.django_db
def test_actors_public_hides_the_others():
    shown = make_actor()
    hidden = make_actor(is_public=False)
    assert list(Actor.objects.public()) == [shown]
    assert hidden in Actor.objects.all()


@pytest.mark.django_db
def test_office_current_is_the_record_and_none_without_one():
    office = make_office()
    assert Office.objects.current() == office
    Office.objects.all().delete()
    assert Office.objects.current() is None


@pytest.mark.django_db
def test_office_full_name_and_phone_uri():
    office = make_office(
        name="newtrade nrw",
        subtitle="Büro für Nachhaltige Beschaffung",
        phone="+49 (0)211/837-1622",
    )
    assert office.full_name == "newtrade nrw, Büro für Nachhaltige Beschaffung"
    assert office.phone_uri == "tel:+492118371622"
    assert str(office) == "newtrade nrw"
    office.subtitle = ""
    assert office.full_name == "newtrade nrw"


@pytest.mark.django_db
def test_office_stores_its_number_in_e164_and_shows_it_nationally():
    office = make_office(phone="(0211) 837 16 22")
    assert office.phone == "+492118371622"
    office.refresh_from_db()
    assert office.phone == "+492118371622"
    assert office.phone_display == "0211 8371622"
    assert office.telephone == "+492118371622"


@pytest.mark.django_db
def test_contact_person_stores_its_number_in_e164_and_shows_it_nationally():
    contact = make_contact(make_actor(), phone="0211/9876543")
    assert ContactPerson.objects.get(pk=contact.pk).phone == "+492119876543"
    assert contact.phone_display == "0211 9876543"


@pytest.mark.django_db
def test_saving_keeps_a_stored_value_that_is_no_number():
    office = make_office()
    Office.objects.filter(pk=office.pk).update(phone="Zentrale, bitte erfragen")
    office.refresh_from_db()
    office.save()
    office.refresh_from_db()
    assert office.phone == "Zentrale, bitte erfragen"
    assert office.phone_display == "Zentrale, bitte erfragen"


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["12", "abc", "0211 12345678901234"])
def test_office_rejects_what_cannot_be_a_phone_number(office, number):
    office.phone = number
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert error.value.message_dict["phone"][0].startswith("Das ist keine gültige Telefonnummer.")


@pytest.mark.django_db
def test_contact_person_may_leave_the_phone_empty():
    contact = make_contact(make_actor(), phone="")
    contact.full_clean()
    assert contact.phone == ""


# --- What the imprint must name ------------------------------------------------------


@pytest.mark.django_db
def test_a_new_office_misses_all_imprint_facts_and_none_is_invented(office):
    assert (office.content_responsible, office.email, office.data_protection_officer) == (
        "",
        "",
        "",
    )
    assert office.missing_imprint_facts() == [
        ("Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV", "content_responsible"),
        ("E-Mail-Adresse nach § 5 DDG", "email"),
        ("Kontakt der oder des Datenschutzbeauftragten", "data_protection_officer"),
    ]


@pytest.mark.django_db
def test_filled_imprint_facts_are_no_longer_missing(office):
    office.email = "kontakt@example.org"
    office.content_responsible = "Erika Muster\nStadttor 1\n40190 Düsseldorf"
    office.save()
    assert [name for _label, name in office.missing_imprint_facts()] == ["data_protection_officer"]
    office.data_protection_officer = "datenschutz@example.org"
    assert office.missing_imprint_facts() == []


@pytest.mark.django_db
def test_a_fact_of_blanks_only_counts_as_missing(office):
    office.content_responsible = "  \n "
    assert "content_responsible" in [name for _label, name in office.missing_imprint_facts()]


@pytest.mark.django_db
def test_missing_imprint_facts_of_the_queryset_work_with_and_without_a_record():
    assert [name for _label, name in Office.objects.missing_imprint_facts()] == [
        "content_responsible",
        "email",
        "data_protection_officer",
    ]
    make_office(email="kontakt@example.org")
    assert [name for _label, name in Office.objects.missing_imprint_facts()] == [
        "content_responsible",
        "data_protection_officer",
    ]


# --- The partnership record of actors and partner resources -------------------------


@pytest.mark.django_db
@PARTNERSHIP_FACTORIES
def test_due_date_needs_a_next_step(make_entry):
    entry = make_entry(next_step_due=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "next_step" in error.value.message_dict


@pytest.mark.django_db
@PARTNERSHIP_FACTORIES
def test_partnership_cannot_start_in_the_future_or_be_due_before_it_started(make_entry):
    entry = make_entry(partnership_since=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "partnership_since" in error.value.message_dict
    entry = make_entry(
        partnership_since=datetime.date(2026, 5, 1),
        next_step="Anrufen",
        next_step_due=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "next_step_due" in error.value.message_dict


@pytest.mark.django_db
@PARTNERSHIP_FACTORIES
def test_entries_not_reviewed_for_the_interval_are_due(settings, make_entry):
    settings.REVIEW_INTERVAL_DAYS = 30
    today = timezone.localdate()
    recent = make_entry(last_reviewed=today - datetime.timedelta(days=10))
    old = make_entry(last_reviewed=today - datetime.timedelta(days=40))
    never = make_entry()
    due = list(type(never).objects.review_due())
    assert due == [never, old]  # never reviewed first; the recent one is not due
    assert recent not in due
