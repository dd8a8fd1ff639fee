"""Logos of partners and actors: checked by their content, stored once under a name made
from that content, and scaled once on save to the few sizes the pages show.

Pillow directly, no thumbnail library: the need is small and fixed (two widths, WebP plus
the original format, made once on save and never on a request), and a library would add
its own cache table or on-the-fly generation that several app servers would have to share.

A stored logo is named `logos/<digest>-<width>x<height>.<ext>`: the name alone says what
the pages need (the size, the copies' names), so a pending change, a history row and a
backup keep nothing but the name. A copy is `logos/<digest>-<w>x<h>.<copy width>.<ext>`.
Names change with the content, so the files are served with immutable cache headers.
"""

import hashlib
import io
import re
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_DIR = "logos"
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
COPY_WIDTHS = (160, 320)  # shown at most 160 px wide; 320 for sharp screens
DISPLAY_WIDTH = COPY_WIDTHS[0]
# Pillow's format names and the file endings we store them under.
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
FALLBACK = {"png": "png", "jpg": "jpg", "webp": "png"}  # for browsers without WebP

STORED_NAME = re.compile(
    rf"^{LOGO_DIR}/(?P<digest>[0-9a-f]{{20}})-(?P<width>[0-9]+)x(?P<height>[0-9]+)"
    r"\.(?P<ext>png|jpg|webp)$"
)
# What the file view serves: an original or one of its copies, nothing else.
SERVED_NAME = re.compile(r"^[0-9a-f]{20}-[0-9]+x[0-9]+(\.[0-9]+)?\.(png|jpg|webp)$")

REFUSED = _("Bitte laden Sie ein Logo als PNG, JPEG oder WebP hoch.")


def refuse(reason):
    raise ValidationError(f"{reason} {REFUSED}", code="invalid_logo")


def open_checked(data):
    """The image in `data` (bytes), opened by Pillow after every check; refuses with a
    German reason. Huge images are refused from their header, before decoding."""
    if len(data) > MAX_BYTES:
        refuse(_("Die Datei ist größer als 5 MB."))
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        refuse(_("SVG-Grafiken werden nicht angenommen, weil sie Skripte enthalten können."))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt, (width, height) = probe.format, probe.size
                if fmt not in EXTENSIONS:
                    refuse(_("Das Format %(format)s wird nicht angenommen.") % {"format": fmt})
                if width > MAX_SIDE or height > MAX_SIDE:
                    refuse(too_large(width, height))
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()  # a truncated file fails here, not later when the copies are made
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            refuse(_("Das Bild hat zu viele Bildpunkte."))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            refuse(_("Die Datei ist kein lesbares Bild."))
    return image


def too_large(width, height):
    return _(
        "Das Bild ist %(width)d × %(height)d Pixel groß, erlaubt sind höchstens %(max)d × %(max)d."
    ) % {
        "width": width,
        "height": height,
        "max": MAX_SIDE,
    }


def read_upload(file):
    if file.size is not None and file.size > MAX_BYTES:
        refuse(_("Die Datei ist größer als 5 MB."))
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    file.seek(0)
    return data


def validate_logo(value):
    """The field's validator: a new upload must be a PNG, JPEG or WebP within the limits.
    A logo already stored was checked when it came in."""
    if not value or getattr(value, "_committed", True):
        return
    open_checked(read_upload(value.file))


def has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def encode(image, width, height, ext):
    """`image` scaled to `width` × `height` in the format of `ext`, as bytes."""
    mode = "RGBA" if has_alpha(image) and ext != "jpg" else "RGB"
    scaled = image.convert(mode).resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if ext == "webp":
        scaled.save(out, "WEBP", quality=80, method=6)
    elif ext == "jpg":
        scaled.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    else:
        scaled.save(out, "PNG", optimize=True)
    return out.getvalue()


class Logo:
    """A stored logo, known from its name: its size and the names of its copies."""

    def __init__(self, name, storage=None):
        match = STORED_NAME.match(name or "")
        if match is None:
            raise ValueError(f"not a stored logo's name: {name!r}")
        self.name = name
        self.storage = storage or default_storage
        self.width, self.height = int(match["width"]), int(match["height"])
        self.ext = match["ext"]
        self.stem = name.rsplit(".", 1)[0]

    @classmethod
    def from_name(cls, name, storage=None):
        """The logo stored as `name`, or None for none (or a name from elsewhere)."""
        try:
            return cls(name, storage)
        except ValueError:
            return None

    def copies(self, ext):
        """(width, height, name) of each copy in the format of `ext`; never enlarged."""
        widths = sorted({min(width, self.width) for width in COPY_WIDTHS})
        return [
            (width, max(1, round(self.height * width / self.width)), f"{self.stem}.{width}.{ext}")
            for width in widths
        ]

    def all_copies(self):
        return [*self.copies("webp"), *self.copies(self.fallback_ext)]

    @property
    def fallback_ext(self):
        return FALLBACK[self.ext]

    def url(self, name):
        return self.storage.url(name)

    def srcset(self, ext):
        return ", ".join(f"{self.url(name)} {width}w" for width, _h, name in self.copies(ext))

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_srcset(self):
        return self.srcset(self.fallback_ext)

    @property
    def fallback(self):
        """(width, height, name) of the smallest fallback copy: the `<img>`'s own."""
        return self.copies(self.fallback_ext)[0]

    @property
    def src(self):
        return self.url(self.fallback[2])

    @property
    def display_width(self):
        return self.fallback[0]

    @property
    def display_height(self):
        return self.fallback[1]

    @property
    def content_type(self):
        return CONTENT_TYPES[self.fallback_ext]

    @property
    def largest_url(self):
        """The largest fallback copy (PNG or JPEG): for JSON-LD, which wants one image."""
        return self.url(self.copies(self.fallback_ext)[-1][2])


def store_logo(data, storage=None):
    """Store the checked image `data` under its content's name and make its copies, each
    only if missing (the same logo uploaded twice is stored once); return the name."""
    storage = storage or default_storage
    image = open_checked(data)
    fmt = image.format
    image = ImageOps.exif_transpose(image)
    digest = hashlib.sha256(data).hexdigest()[:20]
    width, height = image.size
    name = f"{LOGO_DIR}/{digest}-{width}x{height}.{EXTENSIONS[fmt]}"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    logo = Logo(name, storage)
    for copy_width, copy_height, copy_name in logo.all_copies():
        if not storage.exists(copy_name):
            ext = copy_name.rsplit(".", 1)[1]
            storage.save(copy_name, ContentFile(encode(image, copy_width, copy_height, ext)))
    return name


class LogoField(models.FileField):
    """A logo upload: checked by `validate_logo`, stored by `store_logo` on save."""

    default_validators = [validate_logo]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", LOGO_DIR)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            data = read_upload(file.file)
            setattr(model_instance, self.attname, store_logo(data, file.storage))
        return getattr(model_instance, self.attname)


class WithLogo(models.Model):
    """An entry that may show a logo on its cards, its page and in its JSON-LD."""

    logo = LogoField(
        _("Logo"),
        blank=True,
        help_text=_(
            "PNG, JPEG oder WebP, höchstens 5 MB und 6000 × 6000 Pixel; keine SVG-Grafik. "
            "Die Website zeigt verkleinerte Kopien."
        ),
    )
    logo_alt = models.CharField(
        _("Alternativtext"),
        max_length=200,
        blank=True,
        help_text=_(
            "Was das Logo zeigt, für Menschen, die es nicht sehen; meist genügt „Logo von“ "
            "und der Name. Pflicht, außer das Logo ist dekorativ."
        ),
    )
    logo_decorative = models.BooleanField(
        _("dekorativ"),
        default=False,
        help_text=_(
            "Ankreuzen, wenn das Logo nichts sagt, was nicht schon daneben steht (etwa der "
            "Name); Screenreader übergehen es dann."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.logo and not self.logo_decorative and not self.logo_alt.strip():
            raise ValidationError(
                {
                    "logo_alt": _(
                        "Bitte beschreiben Sie das Logo in einem Alternativtext oder "
                        "kreuzen Sie „dekorativ“ an."
                    )
                }
            )

    @property
    def logo_image(self):
        """The stored logo with its copies, or None."""
        return Logo.from_name(self.logo.name, self.logo.storage) if self.logo else None

    @property
    def logo_alt_text(self):
        """The `alt` of the logo: empty for a decorative one."""
        return "" if self.logo_decorative else self.logo_alt
