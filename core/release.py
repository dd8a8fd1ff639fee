"""The second pair of eyes (Vier-Augen-Prinzip): a change to a public entry waits for a
colleague's release before the public sees it.

Core knows no app: an entry's model takes part through what it already has, read from
its `_meta` and class attributes, never imported here:

- `visibility_field` (the name of its public flag, e.g. "is_published"): a model without
  one is always public (the fixed pages);
- its editable fields and taggit tags, which a pending change keeps (`released_fields`);
- the permission "release_<model>" in its `Meta.permissions` (`may_release`).

The pending versions are `core.models.PendingChange` rows; `submit` makes or updates one.
"""

import json

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import FileField
from django.utils.translation import gettext
from taggit.managers import TaggableManager

TAGS = "tags"  # the key of the tag names in a pending change's data


class ReleaseError(Exception):
    """A release, return or submission that may not happen; the message is German and
    meant for the person who tried."""


def four_eyes_on():
    """Whether changes wait for a colleague's release (settings.FOUR_EYES)."""
    return settings.FOUR_EYES


def release_codename(model):
    return f"release_{model._meta.model_name}"


def may_release(user, model):
    """Whether `user` may release changes of `model`: a superuser, or with its permission
    "<app>.release_<model>" (the group "Freigabe")."""
    if not (user and user.is_active):
        return False
    return user.is_superuser or user.has_perm(f"{model._meta.app_label}.{release_codename(model)}")


def may_decide_contact_change(user, model):
    """Whether `user` may decide a change that an entry's contact person proposed from
    outside without holding the release permission: with FOUR_EYES off, whoever may
    change such entries (they publish their own changes directly anyway). With FOUR_EYES
    on, only those who may release (`may_release`) decide it."""
    if four_eyes_on() or not (user and user.is_active):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def holds_release_permission(user, model):
    """Whether `user` has the release permission itself (through a group or the account),
    not only as a superuser: a superuser without it is recorded as such."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    content_type = ContentType.objects.get_for_model(model)
    return (
        Permission.objects.filter(content_type=content_type, codename=release_codename(model))
        .filter(Q(group__user=user) | Q(user=user))
        .exists()
    )


def is_public(obj):
    """Whether the public sees `obj` now: its public flag, or always for a model without."""
    field = getattr(type(obj), "visibility_field", None)
    return True if field is None else bool(getattr(obj, field))


# --- The values a pending change keeps -------------------------------------------------------


def released_fields(model, exclude=()):
    """The model fields whose changes wait for a release: the editable ones, without the
    primary key, the time stamps, the public flag (a release sets that) and `exclude`."""
    visibility = getattr(model, "visibility_field", None)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.name != visibility
        and field.name not in exclude
    ]


def tag_field(model):
    """The model's taggit tags, or None."""
    for field in model._meta.many_to_many:
        if isinstance(field, TaggableManager):
            return field
    return None


def as_json(value):
    """A field value as JSON keeps it: dates as ISO text, numbers and texts as they are."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def sorted_names(names):
    return sorted(dict.fromkeys(str(name) for name in names), key=str.casefold)


def stored_value(obj, field):
    """A field's value as a pending change keeps it. A file (a logo) is stored now, under
    its own name beside the live one, and only its name is kept: the live row goes on
    naming the released file until the change is released."""
    if isinstance(field, FileField):
        return field.pre_save(obj, add=False).name or ""
    return as_json(field.value_from_object(obj))


def snapshot(obj, exclude=(), tags=None):
    """The values of `obj`'s released fields (and tag names, from `tags` or the saved
    entry) as a pending change's data keeps them."""
    model = type(obj)
    data = {field.name: stored_value(obj, field) for field in released_fields(model, exclude)}
    if tag_field(model) is not None:
        if tags is None:
            tags = obj.tags.names() if obj.pk else []
        data[TAGS] = sorted_names(tags)
    return data


def python_value(field, value):
    return None if value is None else field.to_python(value)


def apply_data(obj, data, names=None):
    """Set `obj`'s fields from `data` (only `names`, if given); the tags are left to the
    caller. Unknown keys (a field removed since) are skipped."""
    model = type(obj)
    for name, value in data.items():
        if name == TAGS or (names is not None and name not in names):
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since the submission
            continue
        setattr(obj, field.attname, python_value(field, value))
    return obj


def hold_back(obj, live, user, exclude=(), tags=None):
    """Keep the public changes of `obj` (the entry with the new values set, unsaved) as a
    submission and put the released values of `live` back on it, so that saving `obj`
    stores only the fields in `exclude` (what the public never sees). Returns the
    submission, or None when the public fields did not change and nothing was pending."""
    from core.models import PendingChange

    data = snapshot(obj, exclude, tags=tags)
    base = snapshot(live, exclude)
    change = None
    if data != base or PendingChange.objects.open().for_object(obj).exists():
        change = submit(data, user, obj=obj, exclude=exclude, base=base)
    apply_data(obj, base)
    return change


def submit(obj_or_data, user, *, obj=None, exclude=(), tags=None, base=None, contact=""):
    """Hand a change in for release and return its PendingChange.

    `obj_or_data` is the entry with the submitted values set (unsaved for a public entry),
    or a dict of those values (then `obj` is the entry). `base` is what the submitter saw
    (default: the live row). For a public entry the change waits; for one that is not
    public yet the submission asks to publish it (`is_new_entry`). An open submission of
    the same person is updated (the newest state wins); another person's refuses.

    A change proposed from outside by an entry's contact person has no `user`; `contact`
    names them ("Name <address>"). It always waits for a decision in the back office,
    whether FOUR_EYES is on or off, and refuses while another change of the entry waits.
    """
    from django.contrib.contenttypes.models import ContentType

    from core.models import PendingChange

    if isinstance(obj_or_data, dict):
        data, entry = dict(obj_or_data), obj
    else:
        entry = obj_or_data
        data = snapshot(entry, exclude, tags)
    if entry is None or entry.pk is None:
        raise ReleaseError(gettext("Bitte speichern Sie den Eintrag, bevor Sie ihn einreichen."))
    if user is None and not contact:
        raise ReleaseError(gettext("Eine Einreichung braucht eine einreichende Person."))
    model = type(entry)
    live = model._default_manager.get(pk=entry.pk)
    if base is None:
        base = snapshot(live, exclude)
    base = {key: base.get(key) for key in data}
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        open_change = (
            PendingChange.objects.select_for_update()
            .open()
            .filter(content_type=content_type, object_id=entry.pk)
            .first()
        )
        if open_change is not None:
            if user is None or open_change.submitted_by_id != user.pk:
                raise ReleaseError(open_change.blocked_message())
            # The newest state wins; what the submitter first saw stays the base.
            open_change.data = data
            open_change.base = {**base, **open_change.base}
            open_change.save(update_fields=["data", "base"])
            open_change.log(user, gettext("Eingereichte Änderung aktualisiert"))
            return open_change
        change = PendingChange.objects.create(
            content_type=content_type,
            object_id=entry.pk,
            data=data,
            base=base,
            is_new_entry=not is_public(live),
            submitted_by=user,
            submitted_by_name="" if user is not None else contact[:300],
        )
    if user is not None:  # the back office's log names an account; a contact has none
        change.log(user, gettext("Zur Freigabe eingereicht"))
    return change
