from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ENGLISH_HELP_TEXT = _(
    "Leer lassen, wenn es keine englische Fassung gibt: dann erscheint der deutsche Text."
)


class Translated:
    """A model whose texts are kept in German and, where staff wrote one, in English.

    For a field "teaser" the English text is in "teaser_en". `localized(field)`
    gives the text for the current language and the language it is really
    in, so that a German fallback on an English page is marked lang="de".
    """

    def localized(self, field):
        german = getattr(self, field)
        if get_language() == "en" and (english := getattr(self, f"{field}_en", "")):
            return english, "en"
        return german, "de"
