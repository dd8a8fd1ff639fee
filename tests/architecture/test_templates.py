"""The templates keep one home for each shared piece: the head, the phone link, the address,
the role colours; and every template line stays readable (160 characters at most)."""

import re
from collections import Counter
from pathlib import Path

import pytest

from stakeholders.models import Role, StakeholderGroup
from tests.conftest import needs_chromium

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SITE_CSS = ROOT / "static" / "css" / "site.css"
MAX_LINE = 160


def templates():
    return sorted(path for path in TEMPLATES.rglob("*") if path.is_file())


def using(text):
    """The templates (relative names) whose source contains `text`."""
    return {
        str(path.relative_to(TEMPLATES))
        for path in templates()
        if text in path.read_text(encoding="utf-8")
    }


def test_templates_are_found():
    names = {str(path.relative_to(TEMPLATES)) for path in templates()}
    assert {"base.html", "includes/_head.html", "admin/index.html", "network.svg"} <= names


def test_no_template_line_is_longer_than_160_characters():
    too_long = [
        f"{path.relative_to(TEMPLATES)}:{number} ({len(line)})"
        for path in templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE
    ]
    assert too_long == []


def test_only_base_html_includes_the_head():
    assert using("_head.html") == {"base.html"}
    assert using("{% block head") == set()


def test_the_phone_link_is_written_once():
    assert using("office.phone_uri") == {"includes/_phone_link.html"}
    assert using("tel:") == set()


def test_the_postal_address_is_written_once():
    assert using("office.street") == {"includes/_address.html"}
    assert using("<address") == {"includes/_address.html"}


@pytest.mark.parametrize("name", ["includes/_phone_link.html", "includes/_address.html"])
def test_inline_include_ends_without_a_newline(name):
    """Included in running text ("… anrufen: <number>."), a final newline would put a
    space between the number and the full stop."""
    assert not (TEMPLATES / name).read_text(encoding="utf-8").endswith("\n")


# --- Role colours: defined once, in site.css ------------------------------------------


def role_colours():
    """The --role-* custom properties of site.css: role value → #rrggbb."""
    return dict(re.findall(r"--role-([a-z]+):\s*(#[0-9a-fA-F]{6})\s*;", SITE_CSS.read_text()))


def relative_luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour):
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast_on_white("#000000") == pytest.approx(21)
    assert contrast_on_white("#ffffff") == pytest.approx(1)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_every_role_has_one_colour_with_at_least_7_to_1_contrast_on_white():
    colours = role_colours()
    assert set(colours) == set(Role.values)
    css = SITE_CSS.read_text()
    for role, colour in colours.items():
        assert contrast_on_white(colour) >= 7, (role, colour, contrast_on_white(colour))
        assert css.count(f"--role-{role}:") == 1, role


def test_group_cards_and_network_nodes_take_their_colour_from_the_role_properties():
    css = SITE_CSS.read_text()
    for role in Role.values:
        rule = f".group--{role}, .network-map__node--{role} {{ --role: var(--role-{role}); }}"
        assert rule in css
    assert ".network-map__fill { fill: var(--role); }" in css
    assert ".network-map__outline { stroke: var(--role); }" in css
    # No role colour is written anywhere else: not in a CSS rule (the :root block also
    # holds other colours that happen to be the same), the picture's code or a template.
    colours = set(role_colours().values())
    rules = re.sub(r":root\s*\{[^}]*\}", "", css)
    places = [rules, (ROOT / "newtrade" / "network_map.py").read_text()]
    places += [path.read_text(encoding="utf-8") for path in templates()]
    for text in places:
        assert not colours & {hex_.lower() for hex_ in re.findall(r"#[0-9a-fA-F]{6}", text)}


@pytest.mark.django_db
def test_every_node_of_the_picture_names_its_groups_role(client, network):
    html = client.get("/netzwerk.svg").content.decode()
    roles = re.findall(r'class="network-map__node network-map__node--([a-z]+)"', html)
    expected = Counter({Role.CENTRAL.value: 1})  # the office
    for group in StakeholderGroup.objects.all():
        members = group.actors.public().count() + group.partners.listed().count()
        expected[group.role] += 1 + members
    assert Counter(roles) == expected
    assert set(roles) == set(Role.values)
    assert html.count('class="network-map__node') == len(roles)
    assert '<?xml-stylesheet href="/static/css/site.css" type="text/css"?>' in html


# --- In the browser: the picture shows its colours, inline and as a file ----------------

SHAPE_COLOURS = """() => [...document.querySelectorAll('.network-map__node')].flatMap(node => {
    const role = [...node.classList].find(c => c.startsWith('network-map__node--')).slice(19);
    return [...node.querySelectorAll('.network-map__shape')].map(shape => {
        const style = getComputedStyle(shape);
        const outline = shape.classList.contains('network-map__outline');
        return {role, outline, colour: outline ? style.stroke : style.fill};
    });
})"""


def rgb(colour):
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.browser
@needs_chromium
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/netzwerk.svg"])
def test_picture_shows_each_node_in_its_roles_colour(browser, client, network, path):
    """Chromium gets the page as Django serves it (with its security headers) and
    site.css from static/, at the site's own address."""
    response = client.get(path)  # here: the route handler runs outside the test's transaction

    def serve(route):
        url = route.request.url.removeprefix("http://testserver")
        if url.startswith("/static/css/site.css"):
            route.fulfill(body=SITE_CSS.read_text(), content_type="text/css")
        elif url == path:
            headers = dict(response.items())
            route.fulfill(status=response.status_code, headers=headers, body=response.content)
        else:
            route.fulfill(status=404, body="")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", serve)
    page.goto(f"http://testserver{path}")
    shapes = page.evaluate(SHAPE_COLOURS)
    context.close()
    colours = role_colours()
    assert {shape["role"] for shape in shapes} == set(Role.values)
    assert any(shape["outline"] for shape in shapes)
    for shape in shapes:
        assert shape["colour"] == rgb(colours[shape["role"]]), shape
