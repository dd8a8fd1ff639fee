from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from stakeholders.models import Actor, Office, StakeholderGroup


class GroupListView(ListView):
    queryset = StakeholderGroup.objects.with_member_counts()
    context_object_name = "groups"


class GroupDetailView(DetailView):
    model = StakeholderGroup
    context_object_name = "group"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actors=self.object.actors.public(),
            partners=self.object.partners.published().with_related(),
            **kwargs,
        )


class ActorDetailView(DetailView):
    """A public actor; staff also preview hidden ones here, under a clear banner."""

    context_object_name = "actor"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Actor.objects.visible_to(self.request.user).with_group(),
            group__slug=self.kwargs["group_slug"],
            slug=self.kwargs["slug"],
        )


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
