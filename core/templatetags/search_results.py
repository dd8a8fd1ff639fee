from django import template

from core.search import highlight

register = template.Library()


@register.filter
def highlighted(text, terms):
    """A passage of a search result's text with the search terms marked."""
    return highlight(text, terms)
