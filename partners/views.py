from django.views.generic import DetailView, ListView

from partners.forms import PartnerFilterForm
from partners.models import Partner


class PartnerListView(ListView):
    context_object_name = "partners"
    paginate_by = 20

    def get_queryset(self):
        published = Partner.objects.published()
        self.filter_form = PartnerFilterForm(self.request.GET, tags=published.tags())
        return self.filter_form.filter(published.with_related())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class PartnerDetailView(DetailView):
    """A published partner; staff also preview drafts here, under a clear banner."""

    context_object_name = "partner"

    def get_queryset(self):
        return Partner.objects.visible_to(self.request.user).with_related()
