"""What changed from one version to the next, as staff read it on "Geschichte": German
values ("im Gespräch", not "im_gespraech"; "—" for nothing), long texts in full with the
changed words marked (<del>/<ins>, each announced in words), the tags added and removed."""

import difflib
import re

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from core import history
from core.versions import display_value, person

# A word with the white space after it (which keeps the text's line breaks).
WORD = re.compile(r"\S+\s*")
# Texts this long or with a line break are shown in full with their changed words marked.
LONG_TEXT = 60


def field_display(field, value):
    """A stored value of the model field `field` as staff read it."""
    if field is not None and field.choices and not isinstance(value, (list, tuple)):
        value = dict(field.flatchoices).get(value, value)
    return display_value(None, value)


def text_with_breaks(text):
    return mark_safe(escape(text).replace("\n", "<br>"))


def marked(tag, label, text):
    """`text` in <del> or <ins>, announced in words to screen readers, not only by style."""
    return format_html(
        '<{tag}><span class="visually-hidden">[{label}: </span>{text}'
        '<span class="visually-hidden">]</span></{tag}>',
        tag=tag,
        label=label,
        text=text_with_breaks(text),
    )


def word_diff(old, new):
    """The new text in full, the words taken out in <del>, those put in in <ins>."""
    old_words, new_words = WORD.findall(old or ""), WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(
        None, [w.rstrip() for w in old_words], [w.rstrip() for w in new_words], autojunk=False
    )
    parts = []

    def add(piece, tag=None, label=None):
        text = "".join(piece)
        words = text.rstrip()
        if tag is None:
            parts.append(text_with_breaks(text))
            return
        if parts and not str(parts[-1]).endswith((" ", "<br>")):
            parts.append(" ")
        parts.append(marked(tag, label, words))
        parts.append(text_with_breaks(text[len(words) :]))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(new_words[j1:j2])
        if op in ("delete", "replace"):
            add(old_words[i1:i2], "del", gettext("gestrichen"))
        if op in ("insert", "replace"):
            add(new_words[j1:j2], "ins", gettext("neu"))
    return mark_safe("".join(str(part) for part in parts))


def tags_diff(old, new):
    """All tags of both versions, the removed ones in <del>, the added ones in <ins>."""
    old, new = set(old), set(new)
    parts = []
    for name in sorted(old | new, key=str.casefold):
        if name not in new:
            parts.append(marked("del", gettext("entfernt"), name))
        elif name not in old:
            parts.append(marked("ins", gettext("hinzugefügt"), name))
        else:
            parts.append(escape(name))
    return mark_safe(", ".join(str(part) for part in parts))


def is_long_text(field, old, new):
    if field.choices or not isinstance(field, (models.CharField, models.TextField)):
        return False
    texts = [value for value in (old, new) if isinstance(value, str) and value]
    if len(texts) < 2:
        return False
    return isinstance(field, models.TextField) or any(
        len(text) > LONG_TEXT or "\n" in text for text in texts
    )


def field_change(field, old, new):
    """One line of "Änderungen": the field's name and either both values or, for a long
    text, the new text with its changed words marked."""
    change = {"field": capfirst(field.verbose_name)}
    if is_long_text(field, old, new):
        change["diff"] = word_diff(old, new)
    else:
        change["old"] = field_display(field, old)
        change["new"] = field_display(field, new)
    return change


def version_changes(newer, older):
    """What `newer` changed against `older`, field by field, then its tags."""
    opts = newer.instance_type._meta
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    changes = [field_change(opts.get_field(c.field), c.old, c.new) for c in delta.changes]
    for name in getattr(newer, "snapshot_fields", ()):
        new, old = getattr(newer, name), getattr(older, name)
        if new is None or old is None or new == old:
            continue  # not recorded in one of them, or the same
        field = newer._meta.get_field(name)
        changes.append({"field": capfirst(field.verbose_name), "diff": tags_diff(old, new)})
    return changes


def action_label(record):
    """What the version did: "angelegt", "geändert", "gelöscht" or "wiederhergestellt"."""
    if (record.history_change_reason or "").startswith(history.RESTORED):
        return gettext("wiederhergestellt")
    return {"+": gettext("angelegt"), "-": gettext("gelöscht")}.get(
        record.history_type, gettext("geändert")
    )


def describe_versions(records):
    """Give each version of `records` (newest first) what the list of versions shows:
    its action, its author and its changes against the version before it."""
    records = list(records)
    for newer, older in zip(records, [*records[1:], None], strict=True):
        newer.action_label = action_label(newer)
        newer.author = person(newer.history_user) if newer.history_user_id else "—"
        newer.history_delta_changes = version_changes(newer, older) if older else []
