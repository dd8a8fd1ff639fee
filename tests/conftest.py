import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Render `{% static %}` without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def office():
    from stakeholders.models import Office

    return Office.objects.current()
