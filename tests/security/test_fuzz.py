"""Property-based: arbitrary input in every public GET parameter and path slug.

Whatever a visitor or a scanner sends (unicode, control characters, overlong
values, broken percent-encodings), the site answers with one of its own pages,
never a 5xx and never a traceback. The site holds the sample network, so that filters,
slugs and searches meet real rows.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of any kind, overlong values, and raw bytes in any encoding.
values = st.one_of(
    st.text(max_size=50),
    st.text(min_size=190, max_size=400),
    st.sampled_from(["", " ", "0", "-1", "9" * 30, "1e9", "NaN", "%", "\x00", "../../etc/passwd"]),
)
raw_bytes = st.binary(max_size=60).map(lambda data: quote(data, safe=""))

PARAMETERS = {
    "/": [],
    "/partner/": ["q", "gruppe", "tag", "page"],
    "/suche/": ["q", "page"],
    "/barriere-melden/": ["seite"],
    "/akteure/": [],
    "/en/partner/": ["q", "gruppe", "tag", "page"],
}
SLUG_PATHS = [
    "/partner/{}/",
    "/akteure/{}/",
    "/akteure/{group}/{}/",
    "/{}/",
    "/en/partner/{}/",
    "/gebaerdensprache/video/{}/",
]


def assert_own_page(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace") if not response.streaming else ""
    assert "Traceback" not in body
    if response.status_code == 404:
        assert "Diese Seite gibt es nicht" in body or "This page does not exist" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, params in PARAMETERS.items() if params])
@FUZZ
@given(data=st.data())
def test_any_query_parameter_value_gets_a_proper_answer(network, path, data):
    names = PARAMETERS[path]
    chosen = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)
    )
    query = {name: data.draw(values) for name in chosen}
    assert_own_page(Client().get(path, query))


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, params in PARAMETERS.items() if params])
@FUZZ
@given(encoded=raw_bytes, name=st.sampled_from(["q", "gruppe", "tag", "page", "seite", "x"]))
def test_any_bytes_in_the_query_string_get_a_proper_answer(network, path, encoded, name):
    assert_own_page(Client().get(path, QUERY_STRING=f"{name}={encoded}&{encoded}={encoded}"))


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", SLUG_PATHS)
@FUZZ
@given(slug=st.one_of(st.text(min_size=1, max_size=80), raw_bytes.filter(bool)))
def test_any_path_slug_gets_a_proper_answer(network, pattern, slug):
    slug = slug if "%" in slug else quote(slug, safe="")
    path = pattern.format(slug, group=network.actor.group.slug)
    assert_own_page(Client().get(path))
