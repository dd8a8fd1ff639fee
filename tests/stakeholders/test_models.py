import pytest
from django.core.exceptions import ValidationError

from core.phone import phone_uri, validate_phone
from stakeholders.models import Office, Role, StakeholderGroup
from tests.factories import make_actor, make_group, make_partner


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("+49 (0)211/837-1622", "tel:+492118371622"),
        ("+49 211 837-1622", "tel:+492118371622"),
        ("+49 (0) 30 1234 567", "tel:+49301234567"),
        ("", ""),
    ],
)
def test_phone_uri_keeps_plus_and_digits_and_drops_trunk_prefix(written, uri):
    assert phone_uri(written) == uri


@pytest.mark.parametrize("number", ["0211 837-1622", "Telefon", "+49", "+49 211 837-1622 ext. 5"])
def test_validate_phone_rejects_numbers_without_country_code_or_with_letters(number):
    with pytest.raises(ValidationError, match="Ländervorwahl"):
        validate_phone(number)


def test_validate_phone_accepts_the_offices_written_form():
    validate_phone("+49 (0)211/837-1622")


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
    groups = StakeholderGroup.objects.with_member_counts()
    assert [g.order for g in groups] == sorted(g.order for g in groups)


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
    make_actor(is_public=False)
    from stakeholders.models import Actor

    assert shown in Actor.objects.public()
    assert Actor.objects.public().filter(is_public=False).count() == 0


@pytest.mark.django_db
def test_office_current_is_none_without_a_record():
    Office.objects.all().delete()
    assert Office.objects.current() is None


@pytest.mark.django_db
def test_office_full_name_and_phone_uri(office):
    assert office.full_name == "newtrade nrw, Büro für Nachhaltige Beschaffung"
    assert office.phone_uri == "tel:+492118371622"
    assert str(office) == "newtrade nrw"
    office.subtitle = ""
    assert office.full_name == "newtrade nrw"


@pytest.mark.django_db
def test_office_rejects_a_phone_number_without_country_code(office):
    office.phone = "0211 837 1622"
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "phone" in error.value.message_dict
