"""Slugs ("Kurzname in der Adresse") for rows made without a form: by an import, from a
proposal, for a new tag."""

from django.utils.text import slugify


def unique_slug(model, name, fallback="eintrag"):
    """A slug for `name` that no row of `model` has yet: "name", else "name-2", "name-3" …"""
    limit = model._meta.get_field("slug").max_length
    base = slugify(name)[: limit - 6].strip("-") or fallback
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
