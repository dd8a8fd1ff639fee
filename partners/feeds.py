from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from partners.models import Partner
from stakeholders.models import Office

FEED_LENGTH = 30


class LatestPartnersFeed(Feed):
    """New and updated partner resources, the latest change first."""

    feed_type = Atom1Feed
    title = "newtrade nrw: neue und aktualisierte Partnerangebote"
    subtitle = (
        "Informationen und Hilfe zur nachhaltigen öffentlichen Beschaffung "
        "bei den Partnern von newtrade nrw."
    )
    link = reverse_lazy("partners:list")
    feed_url = reverse_lazy("partners:feed")
    language = "de"

    def author_name(self):
        office = Office.objects.current()
        return office.full_name if office else "newtrade nrw"

    def items(self):
        return Partner.objects.listed().with_related().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return item.teaser

    def item_pubdate(self, item):
        return max(item.created_at, item.publish_from or item.created_at)

    def item_updateddate(self, item):
        return item.public_change

    def item_categories(self, item):
        return item.tag_names
