from urllib.parse import urlsplit

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from core.history import History, TagsSnapshot, record_version, track_tags
from core.images import WithLogo
from core.models import VisitorReport
from core.translated import ENGLISH_HELP_TEXT, Translated
from stakeholders.models import Partnership, PartnershipQuerySet, StakeholderGroup

# The fields of the open data exports (/partner.json, /partner.csv), in order.
# Other tools rely on these names: add new ones, never rename or remove one.
OPEN_DATA_FIELDS = [
    "name",
    "slug",
    "url",
    "website",
    "teaser",
    "description",
    "operator",
    "group",
    "group_slug",
    "tags",
    "updated_at",
]


class TaggedPartner(TaggedItemBase):
    """Tags of a partner, with a direct foreign key rather than a generic one."""

    content_object = models.ForeignKey("Partner", on_delete=models.CASCADE)

    # taggit gives every tagged item natural_key() and a manager with get_by_natural_key()
    # over `natural_key_fields`, but only its generic bases set them; `loaddata` of a
    # `dumpdata --natural-primary` file needs them. A row is its partner and the tag's
    # name, as the tag itself is named in such a file (its number differs by database).
    natural_key_fields = ["content_object", "tag__name"]

    class Meta:
        verbose_name = _("Schlagwort eines Partners")
        verbose_name_plural = _("Schlagwörter der Partner")
        # The partners of a tag (the list filtered by it, and its count) from this index.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_partner_by_tag")]

    def natural_key(self):
        return (self.content_object_id, self.tag.name)

    natural_key.dependencies = ["taggit.tag"]


class PartnerQuerySet(PartnershipQuerySet):
    search_fields = {
        "name": "A",
        "teaser": "B",
        "description": "C",
        "operator": "D",
        "group__name": "D",
        "tags__name": "D",
    }
    snippet_fields = ("teaser", "description")
    # Kept current by partners/migrations/0015_search_document.py: a change of
    # `search_fields` needs a migration that installs the triggers anew.
    search_document_field = "search_document"

    def published(self, now=None):
        """Partners with a public page at `now`, including ended ones (their page says so):
        published and within their "Veröffentlichen ab/bis"."""
        return self.live(now)

    def listed(self, now=None):
        """Published partners that still run: what lists, the picture and exports show."""
        return self.published(now).filter(ended=False, successor__isnull=True)

    def with_related(self):
        """Everything a list or a detail page shows, in a fixed number of queries."""
        return self.select_related("group").prefetch_related("tags")

    def selected(self, *, query="", group=None, tag=None):
        """These partners narrowed to a search, a group and a tag; each is optional."""
        partners = self
        if group is not None:
            partners = partners.filter(group=group)
        if tag is not None:
            partners = partners.filter(tags=tag)
        return partners.search(query) if query else partners

    def tags(self):
        """The tags of these partners, each with how many of them carry it."""
        return (
            Tag.objects.filter(partners_taggedpartner_items__content_object__in=self)
            .annotate(partner_count=models.Count("partners_taggedpartner_items"))
            .order_by("name")
        )


class Partner(Translated, WithLogo, Partnership):
    """A partner resource where public buyers find information and help."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=200, unique=True)
    website = models.URLField(
        _("Website"), blank=True, help_text=_("Leer lassen, wenn es keine eigene Website gibt.")
    )
    teaser = models.CharField(
        _("Kurztext"), max_length=200, help_text=_("Ein Satz für Listen und Vorschauen.")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    teaser_en = models.CharField(
        _("Kurztext (englisch)"),
        max_length=200,
        blank=True,
        help_text=ENGLISH_HELP_TEXT,
    )
    description_en = models.TextField(_("Beschreibung (englisch)"), blank=True)
    operator = models.CharField(
        _("Betrieben von"),
        max_length=300,
        blank=True,
        help_text=_("Die Organisation, die das Angebot betreibt."),
    )
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("Akteursgruppe"),
    )
    tags = TaggableManager(_("Schlagwörter"), through=TaggedPartner, blank=True)
    is_published = models.BooleanField(
        _("veröffentlicht"),
        default=False,
        help_text=_("Nur veröffentlichte Partner erscheinen auf der Website."),
    )
    order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )
    ended = models.BooleanField(
        _("Angebot beendet"),
        default=False,
        help_text=_(
            "Das Angebot gibt es nicht mehr. Es verschwindet aus den Listen; seine Seite "
            "bleibt mit einem Hinweis erreichbar und auffindbar."
        ),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("abgelöst durch"),
        help_text=_("Das Angebot, das an seine Stelle getreten ist."),
    )
    # The weighted words of `search_fields`, kept current by the database
    # (core/search_document.py); empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False, serialize=False)

    objects = PartnerQuerySet.as_manager()
    history = History(bases=[TagsSnapshot], excluded_fields=["search_document"])
    visibility_field = "is_published"
    # What the contact person may propose to change from outside (stakeholders/confirmations.py).
    contact_editable_fields = ["name", "website", "teaser", "description", "operator"]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")
        # The second pair of eyes (core/release.py): who may put changes live.
        permissions = [("release_partner", "Partner: freigeben")]
        # A group's page and the list filtered by group count and show the listed
        # partners of one group in this order: without the index, every row of a large
        # group is read twice.
        indexes = [
            models.Index(
                fields=["group", "order", "name"],
                condition=models.Q(is_published=True, ended=False, successor__isnull=True),
                name="partner_listed_by_group",
            ),
            # The sitemap index dates its sections by the latest change, and the group
            # sitemap each group by its partners' latest change.
            models.Index(fields=["updated_at"], name="partner_updated"),
            models.Index(fields=["group", "updated_at"], name="partner_group_updated"),
            # The listed partners are counted, in all and per group, from this index alone
            # (with the dates that decide what is listed now) …
            models.Index(
                fields=["group", "publish_from", "publish_until"],
                condition=models.Q(is_published=True, ended=False, successor__isnull=True),
                name="partner_listed_window",
            ),
            # … and the partner list's pages read in its order from this one.
            models.Index(
                fields=["order", "name"],
                condition=models.Q(is_published=True, ended=False, successor__isnull=True),
                name="partner_listed_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def breadcrumbs(self):
        """The pages above this one, as (label, URL) pairs."""
        return [(_("Partner"), reverse("partners:list"))]

    def clean(self):
        super().clean()
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Ein Angebot kann sich nicht selbst ablösen.")})

    @property
    def is_ended(self):
        return self.ended or self.successor_id is not None

    @property
    def website_host(self):
        """The website's host name without "www.", to show where a link leads."""
        return urlsplit(self.website).hostname.removeprefix("www.") if self.website else ""

    @property
    def tag_names(self):
        """The names of the tags in alphabetical order, from the prefetched tags."""
        return sorted((tag.name for tag in self.tags.all()), key=str.casefold)

    def structured_data(self, build_url):
        """This partner resource for schema.org; `build_url` makes URLs absolute."""
        page_url = build_url(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "WebSite" if self.website else "CreativeWork",
            "name": self.name,
            "description": self.teaser,
            "url": self.website or page_url,
            "mainEntityOfPage": page_url,
        }
        if self.operator:
            data["publisher"] = {"@type": "Organization", "name": self.operator}
        if tag_names := self.tag_names:
            data["keywords"] = ", ".join(tag_names)
        if logo := self.logo_image:
            data["logo"] = build_url(logo.largest_url)
        return data

    def open_data(self, build_url, tag_names=None):
        """The public fields of this partner under the stable names of the open data."""
        return {
            "name": self.name,
            "slug": self.slug,
            "url": build_url(self.get_absolute_url()),
            "website": self.website,
            "teaser": self.teaser,
            "description": self.description,
            "operator": self.operator,
            "group": self.group.name,
            "group_slug": self.group.slug,
            "tags": self.tag_names if tag_names is None else tag_names,
            "updated_at": timezone.localtime(self.updated_at).isoformat(timespec="seconds"),
        }


track_tags(Partner)


class EntryReport(VisitorReport):
    """A visitor's note that a partner entry is outdated or wrong."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="reports", verbose_name=_("Partner")
    )
    problem = models.TextField(_("Was ist veraltet oder falsch?"), max_length=2000)
    email = models.EmailField(_("E-Mail-Adresse für Rückfragen"), blank=True)

    text_field = "problem"

    class Meta(VisitorReport.Meta):
        verbose_name = _("Meldung zu einem Eintrag")
        verbose_name_plural = _("Meldungen zu Einträgen")

    def __str__(self):
        return f"{self.partner} ({self.received_on})"

    def get_absolute_url(self):
        return reverse("admin:partners_entryreport_change", args=[self.pk])

    @property
    def site_url(self):
        """The partner's public page, while it has one."""
        return self.partner.get_absolute_url() if self.partner.is_live else None


# The change reason of the version a merge of tags records for each partner it changed.
TAGS_MERGED = "Schlagwörter zusammengeführt"


@transaction.atomic
def merge_tags(tags, name, *, user=None):
    """Merge `tags` into the tag called `name` (found ignoring case, else created): each
    partner with one of them ends up with that tag once, the other tags are deleted and
    each changed partner gets a version with its new tags. Returns the tag and the number
    of partners changed."""
    target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    sources = [tag.pk for tag in tags if tag.pk != target.pk]
    tagged = TaggedPartner.objects.filter(tag__in=sources)
    changed = set(tagged.values_list("content_object_id", flat=True))
    have_target = TaggedPartner.objects.filter(tag=target, content_object_id__in=changed)
    missing = changed - set(have_target.values_list("content_object_id", flat=True))
    TaggedPartner.objects.bulk_create(
        TaggedPartner(tag=target, content_object_id=pk) for pk in sorted(missing)
    )
    Tag.objects.filter(pk__in=sources).delete()
    for partner in Partner.objects.filter(pk__in=changed):
        record_version(partner, user=user, reason=TAGS_MERGED)
    return target, len(changed)
