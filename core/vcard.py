"""Writing vCards (RFC 2426, version 3.0, which every phone imports)."""

MAX_LINE_OCTETS = 75


def escape_value(text):
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    text = str(text).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    lines, current = [], ""
    for char in line:
        limit = MAX_LINE_OCTETS if not lines else MAX_LINE_OCTETS - 1  # continuation: a space
        if len((current + char).encode()) > limit:
            lines.append(current)
            current = ""
        current += char
    lines.append(current)
    return "\r\n ".join(lines)


class VCard:
    def __init__(self):
        self.lines = ["BEGIN:VCARD", "VERSION:3.0"]

    def add(self, name, *components):
        """Add a property; several components are separated by semicolons (N, ORG, ADR)."""
        self.lines.append(f"{name}:{';'.join(escape_value(c) for c in components)}")

    def serialize(self):
        return "".join(f"{fold(line)}\r\n" for line in [*self.lines, "END:VCARD"])
