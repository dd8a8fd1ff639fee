"""Site-wide pages that bring the apps together."""

from django.db import DatabaseError
from django.shortcuts import render
from django.views.generic import TemplateView

from partners.models import Partner
from stakeholders.models import Office, StakeholderGroup


class NetworkView(TemplateView):
    """The home page "Das Netzwerk": the groups in their roles and the partners."""

    template_name = "network.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=StakeholderGroup.objects.with_member_counts(),
            partners=Partner.objects.published().with_related(),
            **kwargs,
        )


def server_error(request):
    """The 500 page in the site's design, with the phone number when it can be read."""
    try:
        office = Office.objects.current()
    except DatabaseError:
        office = None
    return render(request, "500.html", {"office": office}, status=500)
