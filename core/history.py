"""What the back office's history keeps beyond simple_history's copy of a row's fields.

- A version is recorded only when something changed (`record_version`).
- The tags of each version (`TagsSnapshot`, `track_tags`): taggit's tags live in a
  separate table that simple_history does not copy; a restore brings them back.
- What a delete took with it (`mark_cascade_deletes`, `cascade_deleted`,
  `restore_records`): rows deleted together with their entry come back with it.
"""

from django.db import models
from django.db.models.signals import m2m_changed, pre_delete
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record
from simple_history.utils import get_change_reason_from_object
from taggit.models import Tag

BASELINE = "Ausgangsstand"
RESTORED = "wiederhergestellt"
# The change reason of a row deleted because the entry it belongs to was deleted.
CASCADE_DELETED = "mit dem Eintrag gelöscht"


def latest_version(instance):
    return type(instance).history.filter(**{instance._meta.pk.attname: instance.pk}).first()


def is_unchanged(record, latest):
    """Whether `record` holds nothing that `latest` does not: the same editable fields and
    the same snapshots (a snapshot not taken, None, differs from nothing)."""
    if latest is None or latest.history_type == "-":
        return False
    if record.diff_against(latest).changes:
        return False
    for name in getattr(record, "snapshot_fields", ()):
        new, old = getattr(record, name), getattr(latest, name)
        if new is not None and old is not None and new != old:
            return False
    return True


def record_version(instance, history_type="~", *, user=None, reason=None):
    """Record `instance` as it is now as a new version and return it; a change ("~") that
    changed nothing since the latest version records nothing and returns None."""
    historical = type(instance).history.model
    history_date = timezone.now()
    if user is None:
        user = historical.get_default_history_user(instance)
    if reason is None:
        reason = get_change_reason_from_object(instance)
    record = historical(
        history_date=history_date,
        history_type=history_type,
        history_user=user,
        history_change_reason=reason,
        **{field.attname: getattr(instance, field.attname) for field in historical.tracked_fields},
    )
    signal_args = {
        "sender": historical,
        "instance": instance,
        "history_instance": record,
        "history_date": history_date,
        "history_user": user,
        "history_change_reason": reason,
        "using": None,
    }
    pre_create_historical_record.send(**signal_args)
    if history_type == "~" and is_unchanged(record, latest_version(instance)):
        return None
    record.save()
    post_create_historical_record.send(**signal_args)
    return record


class History(HistoricalRecords):
    """simple_history's records under German names: the historical model of "Partner" is
    "Partner (Geschichte)", not "historical Partner" (its name reaches staff through the
    permissions and content types a superuser assigns)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy("{} (Geschichte)", model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            plural = model._meta.verbose_name_plural
            options["verbose_name_plural"] = format_lazy("{} (Geschichte)", plural)
        return options


# --- Tags --------------------------------------------------------------------------------


class TagsSnapshot(models.Model):
    """A base for the historical model of a model with taggit tags (`HistoricalRecords(
    bases=[TagsSnapshot])`, then `track_tags(model)`): the tag names of each version."""

    history_tags = models.JSONField(
        _("Schlagwörter"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Die Schlagwörter dieser Fassung; leer, wo sie nicht festgehalten wurden."),
    )

    # The historical fields compared to decide whether a save changed anything.
    snapshot_fields = ("history_tags",)

    class Meta:
        abstract = True

    @property
    def tags_display(self):
        return ", ".join(self.history_tags or [])

    def form_initial(self):
        """The values a restore form shows beyond the fields simple_history keeps."""
        if self.history_tags is None:
            return {}
        return {"tags": [Tag(name=name) for name in self.history_tags]}


def tags_phrase(count):
    return ngettext("%d Schlagwort", "%d Schlagwörtern", count) % count


def tag_names(instance):
    return sorted(instance.tags.names(), key=str.casefold)


def track_tags(model):
    """Keep the tag names of `model` (its TaggableManager `tags`) in each version, record
    a version when only the tags change, and keep the tags of a deleted entry."""
    historical = model.history.model

    def take_snapshot(sender, instance, history_instance, **kwargs):
        if history_instance.history_type == "-":
            history_instance.history_tags = getattr(instance, "_tags_before_delete", None)
        else:
            history_instance.history_tags = tag_names(instance)

    def keep_tags_of_deleted(sender, instance, **kwargs):
        instance._tags_before_delete = tag_names(instance)

    def record_tag_change(sender, instance, action, reverse, **kwargs):
        if reverse or action not in ("post_add", "post_remove", "post_clear"):
            return
        if hasattr(instance, "skip_history_when_saving"):
            return  # the admin records the whole save once its tags are set
        record_version(instance)

    pre_create_historical_record.connect(take_snapshot, sender=historical, weak=False)
    pre_delete.connect(keep_tags_of_deleted, sender=model, weak=False)
    m2m_changed.connect(record_tag_change, sender=model.tags.through, weak=False)


# --- What a delete took with it --------------------------------------------------------------


def mark_cascade_deletes(model):
    """Give the deletion of a `model` row the change reason CASCADE_DELETED when it is deleted
    because another row was (Django's `origin` of the delete is not a `model` row)."""

    def mark(sender, instance, origin=None, **kwargs):
        origin_model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
        if origin is not None and not issubclass(origin_model, model):
            instance._change_reason = CASCADE_DELETED

    pre_delete.connect(mark, sender=model, weak=False)


def cascade_deleted(model, **lookups):
    """The last versions of the `model` rows matching `lookups` that are gone because their
    entry was deleted: each row's latest version is its deletion with CASCADE_DELETED."""
    history = model.history.filter(**lookups).exclude(id__in=model._default_manager.values("pk"))
    latest = {}
    for record in history.order_by("history_date", "history_id"):
        latest[record.id] = record
    return [
        record
        for record in latest.values()
        if record.history_type == "-" and record.history_change_reason == CASCADE_DELETED
    ]


def restore_records(records, *, user=None, reason=RESTORED):
    """Bring deleted rows back from their last versions; returns the restored rows."""
    restored = []
    for record in records:
        instance = record.instance
        instance._history_user = user
        instance._change_reason = reason
        instance.save(force_insert=True)
        restored.append(instance)
    return restored
