"""German names for Django's default permissions.

Django stores a model's permissions in the database with English names when it creates
them ("Can add partner"); translations never reach them. Staff read these names where a
superuser gives a group or an account its rights, so after every migration the names
are rewritten in German ("Partner: hinzufügen").
"""

from django.utils import translation

ACTIONS = {"add": "hinzufügen", "change": "ändern", "delete": "löschen", "view": "ansehen"}


def model_label(model):
    """What a permission is about: the model's plural, for a history model the entry's."""
    entry = getattr(model, "instance_type", None)  # simple_history's historical models
    if entry is not None:
        return f"{entry._meta.verbose_name_plural} (Geschichte)"
    return str(model._meta.verbose_name_plural)


def german_name(permission):
    """The German name of one of Django's default permissions, or None for another one."""
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in ACTIONS or model is None or model_name != model._meta.model_name:
        return None
    with translation.override("de"):
        return f"{model_label(model)}: {ACTIONS[action]}"


def rename_default_permissions(using="default", **kwargs):
    """post_migrate: give the permissions Django created in English their German names."""
    from django.contrib.auth.models import Permission

    english = Permission.objects.using(using).filter(name__startswith="Can ")
    for permission in english.select_related("content_type"):
        name = german_name(permission)
        if name:
            Permission.objects.using(using).filter(pk=permission.pk).update(name=name[:255])
