"""The network picture: SVG, links, layout limits, labels that never overlap, accessibility."""

import xml.etree.ElementTree as ET

import pytest

from newtrade.network_map import (
    NetworkMap,
    Node,
    group_label,
    shorten,
    shown_per_group,
    wrap,
)
from partners import demo
from partners.models import Partner
from stakeholders.models import Actor, StakeholderGroup
from tests.browser.harness import axe_violations
from tests.conftest import needs_chromium

SVG = "{http://www.w3.org/2000/svg}"


def parse(client):
    response = client.get("/netzwerk.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    return ET.fromstring(response.content)


def links(svg):
    return {a.get("href"): a.get("aria-label") for a in svg.iter(f"{SVG}a")}


@pytest.mark.django_db
def test_svg_is_well_formed_with_title_and_description(client, network):
    svg = parse(client)
    assert svg.tag == f"{SVG}svg"
    assert svg.findtext(f"{SVG}title") == "Das Netzwerk von newtrade nrw"
    assert "In der Mitte das Büro" in svg.findtext(f"{SVG}desc")
    assert svg.get("aria-labelledby") == "netz-titel netz-beschreibung"


@pytest.mark.django_db
def test_every_public_actor_and_listed_partner_is_a_working_link(client, network):
    found = links(parse(client))
    expected = [*Actor.objects.public(), *Partner.objects.listed()]
    assert network.actor in expected and network.partner in expected
    for entry in expected:
        assert found[entry.get_absolute_url()] == entry.name
    for group in StakeholderGroup.objects.all():
        assert group.get_absolute_url() in found
    for left_out in [network.hidden_actor, network.draft, network.ended]:
        assert left_out.get_absolute_url() not in found
        assert left_out.name not in found.values()
    for url in found:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_home_page_shows_the_picture_inline_and_as_nested_lists(client, network):
    response = client.get("/")
    html = response.content.decode()
    assert '<svg class="network-map"' in html
    assert 'href="/netzwerk.svg"' in html
    network_map = response.context["network"]
    assert [branch.group.name for branch in network_map.branches] == list(
        StakeholderGroup.objects.values_list("name", flat=True)
    )
    list_part = html.split('<ul class="network-list">')[1].split("</details>")[0]
    names = [node.name for node in network_map.nodes]
    assert network.actor.name in names and network.partner.name in names
    for node in network_map.nodes:
        assert f'href="{node.url}">{node.name}</a>' in list_part.replace("&#x27;", "'")


@pytest.mark.django_db
def test_groups_sit_closer_to_the_centre_the_more_central_their_role(client, network):
    network_map = client.get("/").context["network"]
    centre = network_map.centre

    def distance(branch):
        return ((branch.group.x - centre) ** 2 + (branch.group.y - centre) ** 2) ** 0.5

    by_role = {}
    for branch, group in zip(network_map.branches, StakeholderGroup.objects.all(), strict=True):
        by_role.setdefault(group.role, set()).add(round(distance(branch)))
    order = ["zentral", "nachfrage", "fachwissen", "indirekt"]
    assert set(by_role) == set(order)  # the sample network has a group in every role
    distances = [max(by_role[role]) for role in order]
    assert distances == sorted(distances)
    assert len(set(distances)) == len(distances)


def test_shown_per_group_keeps_everything_up_to_capacity_and_cuts_the_largest():
    assert shown_per_group([3, 5, 0, 4, 0]) == [3, 5, 0, 4, 0]
    assert shown_per_group([30, 30, 30, 30, 30]) == [30, 30, 30, 30, 30]  # 150 nodes
    cut = shown_per_group([1000, 10, 0, 3, 0])
    assert cut[1:] == [10, 0, 3, 0]
    assert 100 < cut[0] < 1000


def test_shown_per_group_ends_when_the_groups_alone_fill_the_ring():
    # Eleven groups take more places than the ring has even with no member shown: each
    # shows none (this looped forever, taking members below zero).
    assert shown_per_group([5] * 11) == [0] * 11
    # Cut one at a time from the largest, as before, however large the groups are.
    cut = shown_per_group([90_000, 9_000, 20, 0])
    assert cut[2:] == [20, 0]
    assert abs(cut[0] - cut[1]) <= 1


def test_labels_are_shortened_and_wrapped():
    assert shorten("Kurz", 24) == "Kurz"
    assert shorten("Institut für Entwicklung und Frieden", 24) == "Institut für Entwicklun…"
    assert wrap("Unternehmen und Branchenverbände", 20) == ["Unternehmen und", "Branchenverbände"]
    assert wrap("Nichtregierungsorganisationen", 20) == ["Nichtregierungsorganisationen"]
    assert wrap("Nichtregierungsorganisationen", 20, limit=12) == ["Nichtregier…"]


def test_a_group_label_is_cut_only_where_it_would_cross_a_member():
    group = Node(
        "group", "Gruppe Indirekte Zielgruppe", "/g/", x=300, y=500, role="indirekt", angle=180
    )
    far_away = Node(
        "actor", "Weit weg", "/a/", x=900, y=900, role="indirekt", angle=45, lines=["Weit weg"]
    )
    assert group_label(group, [far_away]) == ["Gruppe Indirekte", "Zielgruppe"]
    # A member whose label runs through the label's second half: the label is cut before it.
    in_the_way = Node(
        "actor", "Mitglied", "/m/", x=150, y=505, role="indirekt", angle=180, lines=["Mitglied"]
    )
    lines = group_label(group, [in_the_way])
    assert lines != ["Gruppe Indirekte", "Zielgruppe"]
    assert all(line.endswith("…") or len(line) <= 9 for line in lines)


@pytest.mark.django_db
def test_beyond_capacity_a_group_shows_its_first_nodes_and_more(client, network):
    group = network.partner.group
    Partner.objects.bulk_create(
        Partner(
            name=f"Angebot {n:03d}",
            slug=f"angebot-{n:03d}",
            teaser="x",
            group=group,
            is_published=True,
        )
        for n in range(400)
    )
    members = (
        Actor.objects.public().filter(group=group).count()
        + Partner.objects.listed().filter(group=group).count()
    )
    assert members > 400  # the sample network's own members, too
    network_map = NetworkMap.from_database()
    [branch] = [b for b in network_map.branches if b.group.url == group.get_absolute_url()]
    more = branch.members[-1]
    assert more.kind == "more"
    assert more.url == group.get_absolute_url()
    shown = len(branch.members) - 1
    assert more.name == f"+{members - shown} weitere"
    assert branch.hidden == members - shown
    assert sum(len(b.members) for b in network_map.branches) <= 200
    assert f"+{members - shown} weitere" in client.get("/").content.decode()


@pytest.mark.django_db
def test_publishing_updates_the_picture_at_once(client, network):
    partner = network.partner
    assert partner.get_absolute_url() in links(parse(client))
    assert partner.get_absolute_url() in client.get("/").content.decode()
    partner.set_visible(False)
    assert partner.get_absolute_url() not in links(parse(client))
    assert partner.get_absolute_url() not in client.get("/").content.decode()


# --- In the browser ----------------------------------------------------------------------

LABEL_CORNERS = """() => [...document.querySelectorAll('svg.network-map text')].map(text => {
    const box = text.getBBox(), matrix = text.getCTM();
    const corner = (x, y) => {
        const p = new DOMPoint(x, y).matrixTransform(matrix);
        return [p.x, p.y];
    };
    return {label: text.textContent, corners: [
        corner(box.x, box.y), corner(box.x + box.width, box.y),
        corner(box.x + box.width, box.y + box.height), corner(box.x, box.y + box.height)]};
})"""


def overlap(first, second):
    """Whether two convex polygons overlap (separating axis theorem), with 0.5 px slack."""
    for polygon in (first, second):
        for index, (x1, y1) in enumerate(polygon):
            x2, y2 = polygon[(index + 1) % len(polygon)]
            axis = (y1 - y2, x2 - x1)
            a = [axis[0] * x + axis[1] * y for x, y in first]
            b = [axis[0] * x + axis[1] * y for x, y in second]
            length = (axis[0] ** 2 + axis[1] ** 2) ** 0.5
            if max(a) <= min(b) + 0.5 * length or max(b) <= min(a) + 0.5 * length:
                return False
    return True


def overlapping_labels(page):
    labels = page.evaluate(LABEL_CORNERS)
    return [
        (first["label"], second["label"])
        for index, first in enumerate(labels)
        for second in labels[index + 1 :]
        if overlap(first["corners"], second["corners"])
    ]


def test_overlap_check_finds_overlapping_boxes():
    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert overlap(square, [(5, 5), (15, 5), (15, 15), (5, 15)])
    assert not overlap(square, [(20, 0), (30, 0), (30, 10), (20, 10)])
    diamond = [(15, 5), (20, 10), (15, 15), (10, 10)]
    assert not overlap(square, diamond)


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("generated", [0, 150])
def test_no_two_labels_overlap(live_server, desktop_page, live_network, generated):
    members = Actor.objects.public().count() + Partner.objects.listed().count()
    if generated:
        Partner.objects.all().delete()
        Actor.objects.all().delete()
        demo.fill(partners=120, actors=30)
        Partner.objects.update(is_published=True)
        Actor.objects.update(is_public=True)
        members = generated
    desktop_page.goto(live_server.url + "/")
    count = desktop_page.locator("svg.network-map a").count()
    assert Actor.objects.public().count() + Partner.objects.listed().count() == members
    assert count == 1 + StakeholderGroup.objects.count() + members
    assert overlapping_labels(desktop_page) == []


@pytest.mark.browser
@needs_chromium
def test_keyboard_focus_moves_through_the_nodes_in_order(live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/")
    expected = page.evaluate(
        "[...document.querySelectorAll('svg.network-map a')].map(a => a.getAttribute('href'))"
    )
    page.locator("svg.network-map a").first.focus()
    reached = [page.evaluate("document.activeElement.getAttribute('href')")]
    for _ in expected[1:]:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('href')"))
        stroke = page.evaluate(
            "getComputedStyle(document.activeElement.querySelector('.network-map__shape'))"
            ".strokeWidth"
        )
        assert stroke == "4px"
    assert reached == expected


@pytest.mark.browser
@needs_chromium
def test_a_full_picture_has_no_axe_violations(live_server, desktop_page, live_network):
    demo.fill(partners=400, actors=100)
    desktop_page.goto(live_server.url + "/")
    violations, report = axe_violations(desktop_page)
    assert violations == [], report
