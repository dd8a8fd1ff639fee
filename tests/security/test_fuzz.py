"""Property-based: arbitrary input in every public GET parameter and path slug.

Whatever a visitor or a scanner sends (unicode, control characters, overlong
values, broken percent-encodings), the site answers with one of its own pages,
never a 5xx and never a traceback. The site holds the sample network, so that filters,
slugs and searches meet real rows.
"""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.http.request import split_domain_port, validate_host
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


# --- Odd methods, foreign hosts and over-long requests ----------------------------------

ANY_PATHS = [
    "/",
    "/partner/",
    "/suche/",
    "/barriere-melden/",
    "/feeds/partner/",
    "/sitemap.xml",
    "/sitemap-partners.xml?p=2",
    "/healthz",
    "/admin/",
    "/admin/login/",
    "/static/css/site.css",
]
methods = st.one_of(
    st.sampled_from(["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "PROPFIND"]),
    st.from_regex(r"\A[A-Za-z][A-Za-z0-9_-]{0,15}\Z"),
)
hosts = st.one_of(
    st.sampled_from(["", "evil.example", "127.0.0.1:abc", "localhost:99999", "[::1", "a" * 300]),
    st.text(max_size=80),
)


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace") if not response.streaming else ""
    assert "Traceback" not in body


@pytest.mark.django_db
@FUZZ
@given(method=methods, path=st.sampled_from(ANY_PATHS))
def test_any_method_gets_a_proper_answer(network, method, path):
    response = Client().generic(method, path)
    assert_no_server_error(response)
    if response.status_code == 405:
        assert response["Allow"]


@pytest.mark.django_db
@FUZZ
@given(host=hosts, path=st.sampled_from(ANY_PATHS), method=st.sampled_from(["GET", "POST"]))
def test_any_host_header_gets_a_proper_answer(network, host, path, method):
    response = Client().generic(method, path, HTTP_HOST=host)
    assert_no_server_error(response)
    domain, _port = split_domain_port(host)
    if not (domain and validate_host(domain, django_settings.ALLOWED_HOSTS)):
        assert response.status_code == 400
        assert "Diese Anfrage können wir nicht bearbeiten" in response.content.decode()


@pytest.mark.django_db
@FUZZ
@given(
    path=st.sampled_from(ANY_PATHS),
    length=st.integers(min_value=500, max_value=4000),
    where=st.sampled_from(["path", "query", "header", "cookie"]),
)
def test_over_long_requests_get_a_proper_answer(network, path, length, where):
    """As long as gunicorn lets through (gunicorn.conf.py); longer ends at gunicorn."""
    filler = "ä" * (length // 6)  # percent-encoded, each character takes six bytes
    extra = {}
    if where == "path":
        path = f"{path}{quote(filler)}/"
    elif where == "query":
        path = f"{path}?q={quote(filler)}"
    elif where == "header":
        extra["HTTP_X_FORWARDED_FOR"] = "1" * length
        extra["HTTP_USER_AGENT"] = "x" * length
    else:
        extra["HTTP_COOKIE"] = f"sessionid={'s' * length}; csrftoken={'c' * length}"
    assert_no_server_error(Client().get(path, **extra))
