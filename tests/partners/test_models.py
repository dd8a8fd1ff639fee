import pytest

from partners.models import Partner
from tests.factories import make_group, make_partner


@pytest.mark.django_db
def test_partner_str_url_breadcrumbs_and_timestamps():
    partner = make_partner(name="Testangebot", slug="testangebot")
    assert str(partner) == "Testangebot"
    assert partner.get_absolute_url() == "/partner/testangebot/"
    assert partner.breadcrumbs == [("Partner", "/partner/")]
    assert partner.created_at is not None
    assert partner.updated_at >= partner.created_at


@pytest.mark.django_db
def test_partners_are_ordered_by_order_then_name():
    Partner.objects.all().delete()
    c = make_partner(name="C", order=1)
    b = make_partner(name="B", order=2)
    a = make_partner(name="A", order=1)
    assert list(Partner.objects.all()) == [a, c, b]


@pytest.mark.django_db
def test_published_hides_drafts():
    draft = make_partner(is_published=False)
    public = make_partner()
    assert public in Partner.objects.published()
    assert draft not in Partner.objects.published()


@pytest.mark.django_db
def test_selected_narrows_by_group_tag_and_search():
    group = make_group()
    in_group = make_partner(group=group, tags=["Testwort"], teaser="Über Siegel.")
    other = make_partner(tags=["Testwort"])
    make_partner(group=group)
    tag = in_group.tags.get()
    assert set(Partner.objects.selected(group=group)) == {in_group, *group.partners.all()}
    assert set(Partner.objects.selected(tag=tag)) == {in_group, other}
    assert list(Partner.objects.selected(group=group, tag=tag)) == [in_group]
    assert list(Partner.objects.selected(query="Siegel", tag=tag)) == [in_group]
    assert Partner.objects.selected().count() == Partner.objects.count()


@pytest.mark.django_db
def test_tags_counts_only_the_given_partners():
    Partner.objects.all().delete()
    make_partner(tags=["Recht", "Siegel"])
    make_partner(tags=["Recht"])
    make_partner(tags=["Recht", "Entwurf"], is_published=False)
    counts = {t.name: t.partner_count for t in Partner.objects.published().tags()}
    assert counts == {"Recht": 2, "Siegel": 1}


@pytest.mark.parametrize(
    ("website", "host"),
    [
        ("https://www.siegelklarheit.de", "siegelklarheit.de"),
        ("https://eine-welt-netz-nrw.de/seite/", "eine-welt-netz-nrw.de"),
        ("", ""),
    ],
)
def test_website_host_names_where_a_link_leads(website, host):
    assert Partner(website=website).website_host == host
