"""Images for the logo tests: made with Pillow in memory, or crafted byte by byte."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def image_bytes(fmt="PNG", size=(640, 320), color=(0, 110, 80), mode="RGB"):
    """A simple logo: a coloured disc and bars on white (transparent for RGBA)."""
    width, height = size
    background = (255, 255, 255, 0) if mode == "RGBA" else "white"
    image = Image.new(mode, size, background)
    if width >= 2 * height >= 20:  # a logo's shapes; other sizes stay plain
        draw = ImageDraw.Draw(image)
        draw.ellipse(
            (width // 20, height // 10, width // 20 + height * 8 // 10, height * 9 // 10),
            fill=color,
        )
        for row in range(3):
            top = height // 5 + row * height // 4
            right = width - width // 10 - row * width // 8
            draw.rectangle((height, top, right, top + height // 8), fill=color)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(data, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
