from django.views.generic import DetailView, ListView

from partners.forms import PartnerFilterForm
from partners.models import Partner


class PublishedPartnersMixin:
    def get_queryset(self):
        return Partner.objects.published().with_related()


class PartnerListView(PublishedPartnersMixin, ListView):
    context_object_name = "partners"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = PartnerFilterForm(
            self.request.GET, tags=Partner.objects.published().tags()
        )
        return self.filter_form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class PartnerDetailView(PublishedPartnersMixin, DetailView):
    context_object_name = "partner"
