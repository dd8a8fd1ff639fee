"""What every page carries: canonical URL, JSON-LD, hreflang links and texts in its language."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse, translate_url
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import markup

register = template.Library()

# Inside a <script> element these characters could end it or start markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),  # JSON with the dangerous characters escaped
    )


def breadcrumb_list(items):
    """A schema.org BreadcrumbList of (name, absolute URL) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": url}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def absolute_url_builder(request):
    """`request.build_absolute_uri`, or None for a host the site does not serve:
    its 400 page names no address rather than fail again on the host."""
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request.build_absolute_uri


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without query; a plain list keeps its page number beyond 1.

    A filtered or searched list points to the whole list, as its pages are
    only a selection of that.
    """
    request = context["request"]
    build_url = absolute_url_builder(request)
    if not build_url:
        return ""
    page_obj = context.get("page_obj")
    is_selection = any(value for name, value in request.GET.items() if name != "page")
    keep_page = page_obj and page_obj.number > 1 and not is_selection
    return build_url(request.path) + (f"?page={page_obj.number}" if keep_page else "")


@register.simple_tag(takes_context=True)
def json_ld(context, obj):
    """The schema.org description of `obj` (a model with `structured_data()`) as JSON-LD."""
    build_url = absolute_url_builder(context["request"])
    if not obj or not build_url:
        return ""
    return json_ld_script(obj.structured_data(build_url))


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, current, trail=()):
    """A BreadcrumbList from the home page through `trail` to this page, as JSON-LD."""
    build_url = absolute_url_builder(context["request"])
    if not build_url:
        return ""
    items = [
        (_("Das Netzwerk"), build_url(reverse("network"))),
        *((label, build_url(url)) for label, url in trail),
        (current, build_url(context["request"].path)),
    ]
    return json_ld_script(breadcrumb_list(items))


@register.simple_tag(takes_context=True)
def translated_url(context, language, absolute=False):
    """This page in another language: with its query for the language switch,
    absolute and without query for the hreflang links, like the canonical link."""
    request = context["request"]
    if absolute:
        build_url = absolute_url_builder(request)
        return build_url(translate_url(request.path, language)) if build_url else ""
    return translate_url(request.get_full_path(), language)


LOCALIZED_FORMATS = {
    "plain": str,
    "text": escape,
    "linebreaks": lambda text: linebreaks_filter(text, autoescape=True),
    "markup": markup.render,
}


@register.simple_tag
def localized(obj, field, format="text", element="span"):
    """A text of `obj` in the page's language, or the German one marked lang="de".

    `format` is "text" (escaped), "linebreaks" (paragraphs), "markup" (the
    format of the editable pages) or "plain" (unescaped, for attributes and
    the title, where the template escapes it).
    """
    text, language = obj.localized(field)
    html = LOCALIZED_FORMATS[format](text or "")
    if format == "plain" or language == get_language():
        return html
    return format_html('<{0} lang="{1}">{2}</{0}>', element, language, html)
