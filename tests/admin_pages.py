"""What tests of the back office's pages read from them."""

import re


def columns(response):
    """The list's column names, left to right (Django's `column-<name>` classes)."""
    return re.findall(r'<th scope="col" class="[^"]*column-(\w+)', response.content.decode())
