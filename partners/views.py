from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from core.spreadsheets import csv_response
from core.views import PageMetaMixin, PreviewMixin, PublicFormView
from partners import opendata
from partners.forms import EntryReportForm, PartnerFilterForm
from partners.models import OPEN_DATA_FIELDS, Partner
from partners.tag_counts import ListedTagCounts, listed_tags
from stakeholders.models import Office


class PartnerListView(PageMetaMixin, ListView):
    """Published partners, searched and filtered by group and tag, 20 a page."""

    context_object_name = "partners"
    paginate_by = 20
    tag_links_shown = 30
    title = gettext_lazy("Partnerangebote")
    description = gettext_lazy(
        "Partnerangebote mit Informationen und Hilfe zur nachhaltigen öffentlichen Beschaffung, "
        "nach Akteursgruppe und Schlagwort gefiltert."
    )

    def get_queryset(self):
        listed = Partner.objects.listed()
        self.filter_form = PartnerFilterForm(self.request.GET, tags=listed_tags())
        self.selection = self.filter_form.selection(listed)
        return self.filter_form.filter(self.selection).with_related()

    def get_context_data(self, **kwargs):
        most_used = sorted(self.most_used_tags(), key=lambda tag: (-tag.partner_count, tag.name))
        most_used = sorted(most_used[: self.tag_links_shown], key=lambda tag: tag.name.casefold())
        return super().get_context_data(
            filter_form=self.filter_form,
            tag_links=self.filter_form.tag_links(most_used),
            **kwargs,
        )

    def most_used_tags(self):
        """The tags of the selection (search and group), each with its number of partners.

        Without a search, the selection is the directory or one group of it, whose
        counts the database keeps (partners/tag_counts.py): counting them here would read
        every tagged row of every listed partner. A search counts its own results' tags.
        """
        if self.filter_form.query or not self.filter_form.is_valid():
            return self.selection.tags()
        return self.tag_counts.tags(group=self.filter_form.cleaned_data["gruppe"])

    @cached_property
    def tag_counts(self):
        return ListedTagCounts()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if self.filter_form.is_valid() and not self.filter_form.query:
            tag, group = (self.filter_form.cleaned_data[name] for name in ("tag", "gruppe"))
            if tag is not None:
                # The partners of a tag (in a group) are counted already: no COUNT over
                # the thousands of them (Paginator.count is a cached property).
                paginator.count = self.tag_counts.partners_with(tag, group)
        return paginator

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.filter_form.errors:
            # An unknown group or tag: answered, never kept (any text would be a new
            # page in the page cache, core/page_cache.py).
            add_never_cache_headers(response)
        return response


class PartnerDetailView(PreviewMixin, PageMetaMixin, DetailView):
    """A published partner; staff also preview drafts here, and a change waiting for
    release (?vorschau=<id>), under a clear banner."""

    context_object_name = "partner"

    def get_title(self):
        return self.object.name

    def get_description(self):
        return self.object.localized("teaser")[0] or ""

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user).with_related()

    def get_object(self, queryset=None):
        return self.previewed(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(tags=self.tags_shown(), **kwargs)

    def tags_shown(self):
        """The partner's tags; in a preview the tags it would have (a new one unsaved)."""
        names = getattr(self.object, "preview_tags", None)
        if names is None:
            return self.object.tags.all()
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        return [existing.get(name) or Tag(name=name, slug=slugify(name)) for name in names]


class OpenDataView(View):
    """The published directory as open data; public, so other sites may fetch it too."""

    def get(self, request):
        partners = Partner.objects.listed()
        response = self.render(opendata.records(partners, request.build_absolute_uri))
        response["Access-Control-Allow-Origin"] = "*"
        return response


class PartnerJSONView(OpenDataView):
    def render(self, records):
        office = Office.objects.current()
        return StreamingHttpResponse(
            opendata.json_chunks(
                records,
                publisher=office.full_name if office else "",
                source=self.request.build_absolute_uri(reverse("partners:list")),
                fields=OPEN_DATA_FIELDS,
            ),
            content_type="application/json",
        )


class PartnerCSVView(OpenDataView):
    def render(self, records):
        return csv_response("partner.csv", OPEN_DATA_FIELDS, opendata.csv_rows(records))


class EntryReportView(PageMetaMixin, PublicFormView):
    """ "Eintrag veraltet oder fehlerhaft? Melden": stored with the partner, for staff."""

    form_class = EntryReportForm
    template_name = "partners/entryreport_form.html"
    noindex = True

    def get_title(self):
        return _("Eintrag „%(name)s“ melden") % {"name": self.partner.name}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.partner = get_object_or_404(Partner.objects.published(), slug=kwargs["slug"])

    def form_valid(self, form):
        form.instance.partner = self.partner
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)

    def get_success_url(self):
        return reverse("partners:reported", kwargs={"slug": self.partner.slug})


class EntryReportedView(PageMetaMixin, DetailView):
    template_name = "partners/entryreport_thanks.html"
    context_object_name = "partner"
    title = gettext_lazy("Vielen Dank für Ihre Meldung")
    noindex = True

    def get_queryset(self):
        return Partner.objects.published()  # at the time of the request, not of the import
