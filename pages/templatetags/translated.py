from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import escape, format_html
from django.utils.translation import get_language

from pages import markup

register = template.Library()

FORMATS = {
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
    html = FORMATS[format](text or "")
    if format == "plain" or language == get_language():
        return html
    return format_html('<{0} lang="{1}">{2}</{0}>', element, language, html)
