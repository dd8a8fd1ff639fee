"""The demo data for benchmarks: realistic rows, never mixed into real content, shown on
the cached pages at once, removed again with a count of what went."""

import io

import pytest
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertNotContains
from taggit.models import Tag

from partners import demo
from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_group, make_partner


@pytest.mark.django_db
def test_demo_data_refuses_a_database_with_real_content():
    make_partner()
    with pytest.raises(CommandError, match="1 real partners and actors"):
        call_command("demo_data", "--partners", "5")
    assert not Partner.objects.filter(slug__startswith="demo-").exists()


@pytest.mark.django_db
def test_demo_data_fills_and_removes_realistic_rows(network):
    real = set(Partner.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command(
        "demo_data", "--partners", "50", "--actors", "20", "--allow-real-content", stdout=out
    )
    assert "Added 50 demo partners and 20 demo actors." in out.getvalue()
    partners = Partner.objects.filter(slug__startswith="demo-")
    assert partners.count() == 50
    assert all(p.website.endswith(".example") for p in partners)
    assert all(1 <= p.tags.count() <= 4 for p in partners[:10])
    assert Actor.objects.filter(slug__startswith="demo-").count() == 20
    call_command("demo_data", "--remove", stdout=out)
    assert not Partner.objects.filter(slug__startswith="demo-").exists()
    assert not Actor.objects.filter(slug__startswith="demo-").exists()
    assert set(Partner.objects.values_list("pk", flat=True)) == real  # real entries stay


@pytest.mark.django_db
def test_demo_data_remove_counts_the_partners_and_actors_not_their_tags():
    make_group()
    call_command("demo_data", "--partners", "5", "--actors", "3")
    assert Partner.tags.through.objects.count() > 5  # each demo partner has 1 to 4 tags
    out = io.StringIO()
    call_command("demo_data", "--remove", stdout=out)
    assert out.getvalue().strip() == "Removed 5 demo partners and 3 demo actors."


@pytest.mark.django_db
def test_demo_data_is_visible_at_once(client):
    group = make_group()
    # The tags exist already, as in a real database: creating one would drop the
    # cached pages by itself, and the rows the command adds in bulk send no signal.
    for name in demo.TAGS:
        Tag.objects.create(name=name)
    pages = ["/", "/partner/", "/partner/?q=Auftraggeber", group.get_absolute_url()]
    for url in pages:
        assertNotContains(client.get(url), "demo-")  # now kept in the page cache
    call_command("demo_data", "--partners", "3", "--actors", "3")
    partners = Partner.objects.listed().filter(slug__startswith="demo-")
    actors = Actor.objects.public().filter(slug__startswith="demo-")
    assert partners and actors
    for url in pages[:3]:
        html = client.get(url).content.decode()
        assert all(partner.get_absolute_url() in html for partner in partners), url
    html = client.get(group.get_absolute_url()).content.decode()
    assert all(actor.get_absolute_url() in html for actor in actors)
