"""Who takes part in the network: the groups in their roles and the single actors."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import History
from core.images import WithLogo
from core.translated import ENGLISH_HELP_TEXT, Translated
from stakeholders.models.partnership import Partnership, PartnershipQuerySet


class Role(models.TextChoices):
    """A group's place in the network, from the centre outwards."""

    CENTRAL = "zentral", _("Im Mittelpunkt")
    DEMAND = "nachfrage", _("Stärkt die Nachfrage")
    EXPERTISE = "fachwissen", _("Bringt Fachwissen ein")
    INDIRECT = "indirekt", _("Indirekte Zielgruppe")


def count_per_group(queryset):
    """A subquery counting the rows of `queryset` that belong to the outer group
    (COUNT(*), which an index on the group and the filtered columns answers alone)."""
    counts = (
        queryset.filter(group=models.OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(count=models.Count("*"))
        .values("count")
    )
    return Coalesce(models.Subquery(counts), 0)


def latest_change_per_group(queryset):
    """A subquery of the latest `updated_at` among the rows of the outer group."""
    latest = (
        queryset.filter(group=models.OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return models.Subquery(latest)


class StakeholderGroupQuerySet(models.QuerySet):
    def with_member_counts(self):
        """Annotate how many public actors and published partners each group has."""
        partners = self.model._meta.get_field("partners").related_model.objects
        return self.annotate(
            public_actor_count=count_per_group(Actor.objects.public()),
            published_partner_count=count_per_group(partners.listed()),
        )

    def with_last_modified(self):
        """Annotate when each group's page last changed: the group or one of its members."""
        partners = self.model._meta.get_field("partners").related_model.objects
        latest = [latest_change_per_group(members) for members in (Actor.objects, partners.all())]
        return self.annotate(
            last_modified=Greatest("updated_at", *(Coalesce(m, "updated_at") for m in latest))
        )


class StakeholderGroup(Translated, models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True)
    role = models.CharField(_("Rolle im Netzwerk"), max_length=20, choices=Role.choices)
    description = models.TextField(
        _("Beschreibung"), help_text=_("Was die Gruppe im Netzwerk beiträgt.")
    )
    order = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )
    name_en = models.CharField(
        _("Name (englisch)"),
        max_length=120,
        blank=True,
        help_text=ENGLISH_HELP_TEXT,
    )
    description_en = models.TextField(_("Beschreibung (englisch)"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = StakeholderGroupQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Akteursgruppe")
        verbose_name_plural = _("Akteursgruppen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:detail", kwargs={"slug": self.slug})

    @property
    def breadcrumbs(self):
        """The pages above this one, as (label, URL) pairs."""
        return [(_("Akteure"), reverse("stakeholders:list"))]


class ActorQuerySet(PartnershipQuerySet):
    search_fields = {"name": "A", "description": "C", "place": "D", "group__name": "D"}
    snippet_fields = ("description",)
    # Kept current by stakeholders/migrations/0021_search_document.py: a change of
    # `search_fields` needs a migration that installs the triggers anew.
    search_document_field = "search_document"

    def public(self, now=None):
        """Actors the public sees at `now`: public and within their "Veröffentlichen ab/bis"."""
        return self.live(now)

    def with_group(self):
        return self.select_related("group")


class Actor(Translated, WithLogo, Partnership):
    """A single organisation the office works with."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=200, unique=True)
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        related_name="actors",
        verbose_name=_("Akteursgruppe"),
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    place = models.CharField(_("Ort"), max_length=120, blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=False,
        help_text=_("Nur öffentliche Akteure erscheinen auf der Website."),
    )
    # The weighted words of `search_fields`, kept current by the database
    # (core/search_document.py); empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False, serialize=False)

    objects = ActorQuerySet.as_manager()
    history = History(excluded_fields=["search_document"])
    visibility_field = "is_public"
    # What the contact person may propose to change from outside (stakeholders/confirmations.py).
    contact_editable_fields = ["name", "website", "description", "place"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        # The second pair of eyes (core/release.py): who may put changes live.
        permissions = [("release_actor", "Akteure: freigeben")]
        # A group's page counts and pages its public actors by name.
        indexes = [
            models.Index(
                fields=["group", "name"],
                condition=models.Q(is_public=True),
                name="actor_public_by_group",
            ),
            # The group sitemap dates each group by its actors' latest change.
            models.Index(fields=["group", "updated_at"], name="actor_group_updated"),
            # The public actors are counted per group from this index alone, with the
            # dates that decide who is public now.
            models.Index(
                fields=["group", "publish_from", "publish_until"],
                condition=models.Q(is_public=True),
                name="actor_public_window",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "stakeholders:actor", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    @property
    def breadcrumbs(self):
        """The pages above this one, as (label, URL) pairs."""
        group_name, _language = self.group.localized("name")
        return [*self.group.breadcrumbs, (group_name, self.group.get_absolute_url())]

    @property
    def summary(self):
        """A sentence about this actor for previews, also while it has no description."""
        return self.description or _("%(name)s im Netzwerk von newtrade nrw") % {"name": self.name}

    def structured_data(self, build_url):
        """This actor as a schema.org Organization; `build_url` makes URLs absolute."""
        page_url = build_url(self.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
            "url": self.website or page_url,
            "mainEntityOfPage": page_url,
        }
        if self.description:
            data["description"] = self.description
        if self.place:
            data["address"] = {"@type": "PostalAddress", "addressLocality": self.place}
        if logo := self.logo_image:
            data["logo"] = build_url(logo.largest_url)
        return data
