from django.utils.functional import SimpleLazyObject

from stakeholders.models import Office


def office(request):
    """The office's contact data for the header and footer of every page."""
    return {"office": SimpleLazyObject(Office.objects.current)}
