from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from core.views import PageMetaMixin, PreviewMixin
from stakeholders.models import Actor, Office, StakeholderGroup

DESCRIPTION_LENGTH = 160  # what search engines show of a description


class GroupListView(PageMetaMixin, ListView):
    context_object_name = "groups"
    title = _("Akteure im Netzwerk")
    description = _(
        "Die Akteursgruppen im Netzwerk von newtrade nrw und ihre Rolle für eine nachhaltige "
        "öffentliche Beschaffung."
    )

    def get_queryset(self):
        # Counted at the time of the request: a class attribute would fix the moment
        # "Veröffentlichen ab/bis" are compared with to the time of the import.
        return StakeholderGroup.objects.with_member_counts()


class GroupDetailView(PageMetaMixin, SingleObjectMixin, ListView):
    """A group with its public actors, 50 a page (?page=N, the only parameter read), and
    on the first page its first partner resources, with a link to all of them in the
    partner list filtered by the group (itself paginated, searchable and filterable).

    An unknown group, and a page number that is not a number or lies beyond the last
    page, answer the site's 404 page (ListView's paginate_queryset)."""

    template_name = "stakeholders/stakeholdergroup_detail.html"
    paginate_by = 50  # one-line names: about the height of the partner list's 20 cards
    partners_shown = 20  # the partner list's page size: its first page for this group

    def get_title(self):
        return self.object.localized("name")[0] or ""

    def get_description(self):
        return truncatechars(self.object.localized("description")[0] or "", DESCRIPTION_LENGTH)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=StakeholderGroup.objects.all())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.object.actors.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(group=self.object, **kwargs)
        # This page's actors: self.object_list would be all of the group's, on every page.
        context["actors"] = context["object_list"]
        partners = self.object.partners.listed()
        context["partner_count"] = partners.count()
        first_page = context["page_obj"].number == 1
        context["partners"] = (
            partners.with_related()[: self.partners_shown]
            if first_page and context["partner_count"]
            else []
        )
        return context


class ActorDetailView(PreviewMixin, PageMetaMixin, DetailView):
    """A public actor; staff also preview hidden ones here, and a change waiting for
    release (?vorschau=<id>), under a clear banner."""

    context_object_name = "actor"

    def get_title(self):
        return self.object.name

    def get_description(self):
        return truncatechars(self.object.summary, DESCRIPTION_LENGTH)

    def get_object(self, queryset=None):
        actor = get_object_or_404(
            Actor.objects.visible_to(self.request.user).with_group(),
            group__slug=self.kwargs["group_slug"],
            slug=self.kwargs["slug"],
        )
        return self.previewed(actor)


class OfficeVCardView(View):
    """The office's contact as a vCard, to save the phone number in one tap."""

    def get(self, request):
        office = Office.objects.current()
        if office is None:
            raise Http404("No office record yet.")
        response = HttpResponse(
            office.vcard(request.build_absolute_uri), content_type="text/vcard; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="newtrade-nrw.vcf"'
        return response
