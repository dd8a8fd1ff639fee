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

from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _

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


@dataclass
class Branch:
    group: Node
    members: list
    hidden: int  # members not drawn, behind the "+N weitere" node


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


def label_points(member):
    """Points along a member's shape and label, which runs outwards from the ring."""
    length = LABEL_GAP + len(member.lines[0]) * MEMBER_CHAR_WIDTH
    radians = math.radians(member.angle)
    return [
        (member.x + step * math.cos(radians), member.y + step * math.sin(radians))
        for step in range(-8, int(length) + 1, 4)
    ]


def group_label(group, members, margin=7):
    """The group's name in lines, cut only as far as needed so that the label
    crosses no member's shape or label (the full name stays the link's name)."""
    limit = max(len(group.name), GROUP_LABEL_CHARS)
    while True:
        lines = wrap(group.name, min(GROUP_LABEL_CHARS, limit), limit=limit)
        left, right, top, bottom = label_box(group, lines)
        hit = any(
            left - margin <= x <= right + margin and top - margin <= y <= bottom + margin
            for member in members
            for x, y in label_points(member)
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

    while slots(shown) > SLOTS:
        largest = max(range(len(shown)), key=lambda i: shown[i])
        shown[largest] -= 1
    return shown


def first_members(queryset, limit):
    """Each group's first `limit` rows, in one query, by the model's own order."""
    ordering = [models.F(name.lstrip("-")) for name in queryset.model._meta.ordering]
    return (
        queryset.annotate(
            position=models.Window(RowNumber(), partition_by=[models.F("group")], order_by=ordering)
        )
        .filter(position__lte=limit)
        .only("name", "slug", "group")
    )


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
                        url=member.get_absolute_url(),
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
        actors, partners = {}, {}
        for actor in first_members(Actor.objects.public(), SLOTS):
            actor.group = by_pk[actor.group_id]  # for its URL, without another query
            actors.setdefault(actor.group_id, []).append(actor)
        for partner in first_members(Partner.objects.listed(), SLOTS):
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
