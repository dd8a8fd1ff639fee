"""The small text format of the editable pages, turned into safe HTML.

Blocks are separated by an empty line. A block starting with "## " is a
heading (h2), "### " a subheading (h3); a block whose lines all start with
"- " start list items; other lines make a paragraph, its line breaks kept. Web and
e-mail addresses become links. Everything else is escaped: staff write text,
never HTML.
"""

from itertools import groupby

from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

HELP_TEXT = (
    "Absätze durch eine Leerzeile trennen. „## “ am Anfang macht eine Überschrift, "
    "„### “ eine Unterüberschrift, „- “ am Zeilenanfang einen Listenpunkt. "
    "Web- und E-Mail-Adressen werden zu Links."
)


def _inline(text):
    return urlize(text, autoescape=True)


def _blocks(text):
    """Groups of lines: an empty line ends a group, a heading is a group of its own."""
    block = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line or line.startswith(("## ", "### ")):
            if block:
                yield block
            block = [line] if line else []
            if line:
                yield block
                block = []
        else:
            block.append(line)
    if block:
        yield block


def render(text):
    html = []
    for lines in _blocks(text):
        first = lines[0]
        if first.startswith("### "):
            html.append(f"<h3>{escape(first.removeprefix('### '))}</h3>")
        elif first.startswith("## "):
            html.append(f"<h2>{escape(first.removeprefix('## '))}</h2>")
        else:
            for is_list, run in groupby(lines, key=lambda line: line.startswith("- ")):
                run = list(run)
                if is_list:
                    items = "".join(f"<li>{_inline(line[2:])}</li>" for line in run)
                    html.append(f"<ul>{items}</ul>")
                else:
                    html.append(f"<p>{'<br>'.join(_inline(line) for line in run)}</p>")
    return mark_safe("\n".join(html))  # every piece is escaped above
