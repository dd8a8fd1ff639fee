"""The network as a picture: a deterministic radial layout, drawn as SVG on the server.

The office sits in the centre. Each stakeholder group gets a sector of the
circle (wide enough for its members, never narrower than a tenth) and sits
in it at a distance from the centre given by its role: the central group
closest, the indirect audience furthest out. The group's public actors
(circles) and published partner resources (squares) sit on the outer ring
inside its sector, with their labels pointing outwards, one slot apart, so
that no two labels overlap. When there are more members than slots, a group
shows its first ones and a "+N weitere" node that links to the group's page.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from django.db import connections, models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.sitemaps import address_pattern
from partners.models import Partner
from stakeholders.models import Actor, Office, Role, StakeholderGroup

SLOTS = 200  # places on the outer ring at most
MIN_SLOTS = 100  # a small network is drawn on a smaller ring, so it shows larger
MIN_SLOTS_PER_GROUP = SLOTS // 10
SPACING = 15  # px between two members on the ring: more than a label's height
LABEL_GAP = 12
LABEL_CHARS = 24  # longer names are shortened with "…" (the full name is the link's name)
LABEL_LENGTH = LABEL_CHARS * 7 + 10  # px, at 12 px type
GROUP_LABEL_CHARS = 20
GROUP_LABEL_OFFSET = 22  # px from a group's centre to its label
GROUP_CHAR_WIDTH = 9  # px, a generous average at 15 px bold type
MEMBER_CHAR_WIDTH = 7  # px, at 12 px type
# How far from the centre a group sits, as a share of the ring's radius.
GROUP_DISTANCE = {Role.CENTRAL: 0.29, Role.DEMAND: 0.42, Role.EXPERTISE: 0.54, Role.INDIRECT: 0.67}


@dataclass
class Node:
    kind: str  # "office", "group", "actor", "partner" or "more"
    name: str
    url: str
    x: float
    y: float
    role: str  # coloured by static/css/site.css (--role-*), the one place of the role colours
    angle: float = 0.0  # where on the circle, in degrees, 0 = right, clockwise
    lines: list = field(default_factory=list)  # the label, line by line

    @property
    def on_left(self):
        """On the left half of the circle, where labels read from the outside in."""
        return 90 < self.angle < 270

    @property
    def label_transform(self):
        """Members' labels point away from the centre, never upside down."""
        turn = self.angle - 180 if self.on_left else self.angle
        return f"rotate({turn:.2f} {self.x:.1f} {self.y:.1f})"

    @property
    def label_anchor(self):
        return "end" if self.on_left else "start"

    @property
    def label_x(self):
        return self.x - LABEL_GAP if self.on_left else self.x + LABEL_GAP

    @property
    def side_label_x(self):
        """A group's label sits beside it, on the side away from the centre."""
        return self.x - GROUP_LABEL_OFFSET if self.on_left else self.x + GROUP_LABEL_OFFSET

    def offset(self, dx, dy):
        """A point relative to the node, e.g. the corner of a shape around it."""
        return self.x + dx, self.y + dy

    @property
    def square_corner(self):
        return self.offset(-5.5, -5.5)

    @property
    def box_corner(self):
        return self.offset(-95, -26)

    @property
    def text_y(self):
        return self.y + (7 if self.kind == "office" else 4)

    @property
    def first_line_y(self):
        return self.y + 5 - 8 * (len(self.lines) - 1)

    @cached_property
    def svg(self):
        """What the picture writes of the node, as a dict: the coordinates with one
        decimal, the label and its placing. Worked out here rather than in the template
        (floatformat, and a template's lookup of each attribute) for up to 200 nodes:
        that took longer than the whole layout."""
        text = {
            "kind": self.kind,
            "name": self.name,
            "url": self.url,
            "role": self.role,
            "label": self.lines[0] if self.lines else "",
            "anchor": self.label_anchor,
            "transform": self.label_transform,
        }
        points = {
            "x": self.x,
            "y": self.y,
            "label_x": self.label_x,
            "side_label_x": self.side_label_x,
            "text_y": self.text_y,
            "first_line_y": self.first_line_y,
            "square_x": self.square_corner[0],
            "square_y": self.square_corner[1],
            "box_x": self.box_corner[0],
            "box_y": self.box_corner[1],
        }
        return text | {name: f"{value:.1f}" for name, value in points.items()}

    @cached_property
    def label_points(self):
        """A member's label_points, worked out once for all group labels."""
        return label_points(self)

    @cached_property
    def label_bounds(self):
        """The box (left, right, top, bottom) around a member's label_points: the line
        between the first and the last of them."""
        (x0, y0), (x1, y1) = label_points(self, ends_only=True)
        return min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)


# The members in the picture, written by joining strings (as core/sitemaps.py writes the
# sitemap): for up to 200 of them with a dozen values each, the template engine took
# longer than the whole layout. templates/includes/_network_svg.html writes the rest.
MEMBER_SVG = (
    '<a href="{url}" class="network-map__node network-map__node--{role}" aria-label="{name}">'
    "{shape}"
    '<text x="{label_x}" y="{text_y}" text-anchor="{anchor}" transform="{transform}" '
    'font-size="12" fill="#1a1a1a">{label}</text></a>'
)
MEMBER_SHAPES = {
    "actor": '<circle class="network-map__shape network-map__fill" cx="{x}" cy="{y}" r="6"/>',
    "partner": (
        '<rect class="network-map__shape network-map__outline" x="{square_x}" y="{square_y}" '
        'width="11" height="11" fill="#ffffff" stroke="#1a1a1a" stroke-width="2.5"/>'
    ),
    "more": (
        '<circle class="network-map__shape network-map__outline" cx="{x}" cy="{y}" r="7" '
        'fill="#ffffff" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="3 2"/>'
    ),
}


@dataclass
class Branch:
    group: Node
    members: list
    hidden: int  # members not drawn, behind the "+N weitere" node

    @property
    def svg_lines(self):
        """The lines from the group to its members."""
        x, y = self.group.svg["x"], self.group.svg["y"]
        return mark_safe(  # numbers only
            "".join(
                f'<line x1="{x}" y1="{y}" x2="{member.svg["x"]}" y2="{member.svg["y"]}"/>'
                for member in self.members
            )
        )

    @property
    def svg_members(self):
        """The members as links, each with its shape and label."""
        elements = []
        for member in self.members:
            values = {name: escape(value) for name, value in member.svg.items()}
            values["shape"] = MEMBER_SHAPES[member.kind].format_map(values)
            elements.append(MEMBER_SVG.format_map(values))
        return mark_safe("\n  ".join(elements))  # every value escaped above


def shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text, width, limit=None):
    """The words of `text` in lines of at most `width` characters (two lines at most;
    a longer word stands alone), each line cut to `limit` characters where given."""
    lines = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], shorten(" ".join(lines[1:]), width)]
    return [shorten(line, limit) for line in lines] if limit else lines


def label_box(group, lines):
    """The box a group's label covers: beside the node, away from the centre."""
    width = max(len(line) for line in lines) * GROUP_CHAR_WIDTH
    x0 = group.side_label_x
    first_line_y = group.y + 5 - 8 * (len(lines) - 1)  # as Node.first_line_y for these lines
    top = first_line_y - 13
    bottom = first_line_y + 16 * (len(lines) - 1) + 4
    end = x0 - width if group.on_left else x0 + width
    return min(x0, end), max(x0, end), top, bottom


def label_points(member, ends_only=False):
    """Points along a member's shape and label, which runs outwards from the ring (only
    the first and the last with `ends_only`)."""
    length = LABEL_GAP + len(member.lines[0]) * MEMBER_CHAR_WIDTH
    radians = math.radians(member.angle)
    steps = range(-8, int(length) + 1, 4)
    return [
        (member.x + step * math.cos(radians), member.y + step * math.sin(radians))
        for step in ((steps[0], steps[-1]) if ends_only else steps)
    ]


def group_label(group, members, margin=7):
    """The group's name in lines, cut only as far as needed so that the label
    crosses no member's shape or label (the full name stays the link's name)."""
    limit = max(len(group.name), GROUP_LABEL_CHARS)
    while True:
        lines = wrap(group.name, min(GROUP_LABEL_CHARS, limit), limit=limit)
        left, right, top, bottom = label_box(group, lines)
        left, right, top, bottom = left - margin, right + margin, top - margin, bottom + margin
        hit = any(
            # Only a member whose bounds meet the label's box can cross it.
            member.label_bounds[0] <= right
            and member.label_bounds[1] >= left
            and member.label_bounds[2] <= bottom
            and member.label_bounds[3] >= top
            and any(left <= x <= right and top <= y <= bottom for x, y in member.label_points)
            for member in members
        )
        if not hit or limit <= 8:
            return lines
        limit -= 1


def shown_per_group(counts):
    """How many members each group can show so that all fit on the ring."""
    shown = [min(count, SLOTS) for count in counts]

    def slots(shown):
        return sum(
            max(MIN_SLOTS_PER_GROUP, n + (n < count) + 1)  # members, "+N", a gap
            for n, count in zip(shown, counts, strict=True)
        )

    # The largest group gives up one member at a time (the first of equals first) until
    # all fit. That passes through "no group above `level`" for each level down to the
    # highest at which all fit; from the level above it, one member at a time.
    def capped(level):
        return [min(n, level) for n in shown]

    if slots(shown) <= SLOTS:
        return shown
    low, high = 0, max(shown)  # the highest level that fits lies in [low, high)
    if slots(capped(0)) > SLOTS:
        return capped(0)  # more groups than the ring holds: none shows a member
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if slots(capped(middle)) <= SLOTS else (low, middle)
    shown = capped(high)
    while slots(shown) > SLOTS:
        shown[shown.index(high)] -= 1
    return shown


def first_members(queryset, limits):
    """Each group's first rows, as many as `limits` gives for the group's pk, in one
    query, by the model's own order.

    Where the database can (PostgreSQL), the query is one LIMIT per group joined with
    UNION ALL: each reads its group's first rows from an index, however large the group.
    Elsewhere (SQLite) a window function numbers the rows in each group, which reads all
    of them."""
    limits = {group: limit for group, limit in limits.items() if limit > 0}
    if not limits:
        return []
    ordering = queryset.model._meta.ordering
    queryset = queryset.only("name", "slug", "group", *(name.lstrip("-") for name in ordering))
    if connections[queryset.db].features.supports_slicing_ordering_in_compound:
        firsts = [queryset.filter(group=group)[:limit] for group, limit in limits.items()]
        if len(firsts) == 1:
            return list(firsts[0])  # in the model's order
        return list(firsts[0].union(*firsts[1:], all=True).order_by(*ordering))
    by_position = [models.F(name.lstrip("-")) for name in ordering]
    numbered = queryset.filter(group__in=limits).annotate(
        position=models.Window(RowNumber(), partition_by=[models.F("group")], order_by=by_position)
    )
    rows = numbered.filter(position__lte=max(limits.values()))
    return [row for row in rows if row.position <= limits[row.group_id]]


class NetworkMap:
    """The layout of the whole network, ready for the SVG and its text version."""

    def __init__(self, office, groups, actors, partners):
        counts = [group.public_actor_count + group.published_partner_count for group in groups]
        shown = shown_per_group(counts)
        widths = [
            max(MIN_SLOTS_PER_GROUP, n + (n < count) + 1)
            for n, count in zip(shown, counts, strict=True)
        ]
        total = max(sum(widths), MIN_SLOTS)
        self.ring_radius = SPACING * total / (2 * math.pi)
        self.size = round(2 * (self.ring_radius + LABEL_GAP + LABEL_LENGTH))
        self.centre = self.size / 2
        self.office = Node(
            kind="office",
            name=office.full_name if office else "newtrade nrw",
            url=reverse("stakeholders:contact"),
            x=self.centre,
            y=self.centre,
            role=Role.CENTRAL,
            lines=[office.name if office else "newtrade nrw"],
        )
        members = {
            group.pk: [("actor", a) for a in actors.get(group.pk, [])]
            + [("partner", p) for p in partners.get(group.pk, [])]
            for group in groups
        }
        # Each member's address as its get_absolute_url() gives it, from the pattern
        # worked out once (reverse() for each of up to 200 members took milliseconds).
        addresses = {
            "actor": address_pattern("stakeholders:actor", ["group_slug", "slug"]),
            "partner": address_pattern("partners:detail", ["slug"]),
        }
        step = 360 / total
        start = -90.0  # the first group at the top, then clockwise
        self.branches = []
        for group, count, n, width in zip(groups, counts, shown, widths, strict=True):
            sector = width * step
            middle = start + sector / 2
            role = group.role if group.role in Role.values else Role.INDIRECT
            name, _language = group.localized("name")
            x, y = self.point(middle, self.ring_radius * GROUP_DISTANCE.get(group.role, 0.67))
            group_node = Node(
                kind="group",
                name=name,
                url=group.get_absolute_url(),
                x=x,
                y=y,
                role=role,
                angle=middle % 360,
            )
            drawn = members[group.pk][:n]
            slots_used = len(drawn) + (n < count)
            spacing = sector / (slots_used + 1)
            nodes = []
            for index, (kind, member) in enumerate(drawn, start=1):
                angle = start + index * spacing
                x, y = self.point(angle, self.ring_radius)
                nodes.append(
                    Node(
                        kind=kind,
                        name=member.name,
                        url=addresses[kind].format(group_slug=group.slug, slug=member.slug),
                        x=x,
                        y=y,
                        role=role,
                        angle=angle % 360,
                        lines=[shorten(member.name, LABEL_CHARS)],
                    )
                )
            if n < count:
                angle = start + slots_used * spacing
                x, y = self.point(angle, self.ring_radius)
                more = _("+%(count)d weitere") % {"count": count - n}
                nodes.append(Node("more", more, group_node.url, x, y, role, angle % 360, [more]))
            self.branches.append(Branch(group_node, nodes, count - n))
            start += sector
        members = [node for branch in self.branches for node in branch.members]
        for branch in self.branches:
            branch.group.lines = group_label(branch.group, members)

    @classmethod
    def from_database(cls, groups=None, office=None):
        """The network as it is stored; `groups` (with member counts) and `office`
        may be passed in when the caller has already loaded them."""
        groups = list(
            groups if groups is not None else StakeholderGroup.objects.with_member_counts()
        )
        by_pk = {group.pk: group for group in groups}
        # Only the members drawn are read: a group's actors first, then its partners.
        counts = [group.public_actor_count + group.published_partner_count for group in groups]
        shown = dict(zip(by_pk, shown_per_group(counts), strict=True))
        actor_limits = {pk: min(shown[pk], group.public_actor_count) for pk, group in by_pk.items()}
        partner_limits = {pk: shown[pk] - actor_limits[pk] for pk in by_pk}
        actors, partners = {}, {}
        for actor in first_members(Actor.objects.public(), actor_limits):
            actors.setdefault(actor.group_id, []).append(actor)
        for partner in first_members(Partner.objects.listed(), partner_limits):
            partners.setdefault(partner.group_id, []).append(partner)
        office = office if office is not None else Office.objects.current()
        return cls(office, groups, actors, partners)

    @property
    def nodes(self):
        yield self.office
        for branch in self.branches:
            yield branch.group
            yield from branch.members

    def point(self, angle, radius):
        radians = math.radians(angle)
        return self.centre + radius * math.cos(radians), self.centre + radius * math.sin(radians)
