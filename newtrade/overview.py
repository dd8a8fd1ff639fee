"""The network overview on the admin start page."""

import datetime
from dataclasses import dataclass
from itertools import chain

from django.contrib.auth import get_permission_codename
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core import release
from core.models import PendingChange
from pages.models import BarrierReport, Page
from partners.models import EntryReport, Partner
from stakeholders import proposals
from stakeholders.models import Actor, Office, PartnershipStatus, StakeholderGroup

MONTH_NAMES = [
    "Jan.",
    "Feb.",
    "März",
    "Apr.",
    "Mai",
    "Juni",
    "Juli",
    "Aug.",
    "Sep.",
    "Okt.",
    "Nov.",
    "Dez.",
]
PARTNERSHIP_MODELS = [Actor, Partner]
# The entries whose changes wait for release under the four-eyes rule.
RELEASED_MODELS = [Partner, Actor, Page]


def may(user, action, model):
    """Whether `user` holds the permission for `action` ("view", "change", …) on `model`;
    the admin lets a user who may change a model view it, too."""
    opts = model._meta
    actions = ["view", "change"] if action == "view" else [action]
    codenames = (get_permission_codename(a, opts) for a in actions)
    return any(user.has_perm(f"{opts.app_label}.{codename}") for codename in codenames)


def viewable(user, models=PARTNERSHIP_MODELS):
    """The models of `models` whose admin lists `user` may open."""
    return [model for model in models if may(user, "view", model)]


@dataclass
class FilteredList:
    """A count of entries with the link to the admin list that shows exactly them."""

    count: int
    model: type
    filters: dict

    @property
    def label(self):
        opts = self.model._meta
        name = opts.verbose_name if self.count == 1 else opts.verbose_name_plural
        return f"{self.count} {name}"

    @property
    def url(self):
        opts = self.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{changelist}?{urlencode(self.filters)}"


def filtered_lists(models, **filters):
    """For each model with matching entries, their count and the link to the filtered list.
    The admin lists accept a field's lookup as a query parameter (`last_reviewed__isnull`)."""
    params = {key: str(value) for key, value in filters.items()}
    rows = [FilteredList(m.objects.filter(**filters).count(), m, params) for m in models]
    return [row for row in rows if row.count]


def counts_per_group():
    """Rows of (group, actors, partners) for every group, in the group order."""
    actors = dict(Actor.objects.values_list("group").annotate(n=Count("pk")).order_by())
    partners = dict(Partner.objects.values_list("group").annotate(n=Count("pk")).order_by())
    return [(g, actors.get(g.pk, 0), partners.get(g.pk, 0)) for g in StakeholderGroup.objects.all()]


def counts_per_status():
    """Rows of (status label, actors, partners) for every partnership status."""
    per_model = [
        dict(m.objects.values_list("partnership_status").annotate(n=Count("pk")).order_by())
        for m in PARTNERSHIP_MODELS
    ]
    return [
        (label, *(counts.get(value, 0) for counts in per_model))
        for value, label in PartnershipStatus.choices
    ]


def follow_ups(today=None, models=PARTNERSHIP_MODELS, responsible=None):
    """Actors and partners whose next step is due soon or overdue, soonest first; only
    those `responsible` looks after, if given."""
    querysets = (m.objects.follow_ups_due(today).select_related("group") for m in models)
    if responsible is not None:
        querysets = (queryset.assigned_to(responsible) for queryset in querysets)
    entries = chain.from_iterable(querysets)
    return sorted(entries, key=lambda entry: entry.next_step_due)


def recently_deleted(limit=10, models=(*PARTNERSHIP_MODELS, StakeholderGroup)):
    """The latest deletions, each with the link that restores the entry as it was when it
    was deleted, with what the delete took along (the restore form links to the history)."""
    deleted = []
    for model in models:
        existing = model.objects.values("pk")
        records = model.history.filter(history_type="-").exclude(id__in=existing)
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
        for record in records.select_related("history_user").order_by("-history_date")[:limit]:
            url = reverse(name, args=[record.id, record.history_id])
            deleted.append((record, opts.verbose_name, url))
    return sorted(deleted, key=lambda row: row[0].history_date, reverse=True)[:limit]


@dataclass
class Bar:
    month: datetime.date
    count: int
    x: int
    y: int
    height: int

    @property
    def center(self):
        return self.x + GrowthChart.bar_width // 2

    @property
    def label(self):
        return f"{MONTH_NAMES[self.month.month - 1]} {self.month:%y}"


class GrowthChart:
    """Partnerships started per month over the last year, laid out for an SVG bar chart."""

    width, height, bar_width, gap, top, bottom = 600, 200, 40, 10, 20, 40

    def __init__(self, months=12, today=None):
        today = today or timezone.localdate()
        first = self._month_start(today, back=months - 1)
        started = {}
        for model in PARTNERSHIP_MODELS:
            rows = (
                model.objects.filter(partnership_since__gte=first)
                .annotate(month=TruncMonth("partnership_since"))
                .values_list("month")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for month, n in rows:
                started[month] = started.get(month, 0) + n
        self.months = [self._month_start(today, back=b) for b in range(months - 1, -1, -1)]
        self.total = sum(started.get(m, 0) for m in self.months)
        self.maximum = max([started.get(m, 0) for m in self.months] + [1])
        self.undated = sum(
            m.objects.filter(partnership_since__isnull=True).count() for m in PARTNERSHIP_MODELS
        )
        plot = self.height - self.top - self.bottom
        self.bars = []
        for i, month in enumerate(self.months):
            count = started.get(month, 0)
            bar_height = round(plot * count / self.maximum)
            self.bars.append(
                Bar(
                    month=month,
                    count=count,
                    x=self.gap // 2 + i * (self.bar_width + self.gap),
                    y=self.top + plot - bar_height,
                    height=bar_height,
                )
            )
        self.baseline = self.top + plot
        self.label_y = self.baseline + 18
        self.width = months * (self.bar_width + self.gap)

    @staticmethod
    def _month_start(day, back):
        index = day.year * 12 + day.month - 1 - back
        return datetime.date(index // 12, index % 12 + 1, 1)


class LinkCheck:
    """What the last link checks found: the entries whose website failed, longest failing
    first, and when a link was last checked at all."""

    def __init__(self, models=PARTNERSHIP_MODELS, limit=20):
        broken = [m.objects.with_broken_links().select_related("group") for m in models]
        self.broken_count = sum(entries.count() for entries in broken)
        entries = chain.from_iterable(entries[:limit] for entries in broken)
        self.broken = sorted(entries, key=lambda entry: entry.link_failing_since)[:limit]
        checked = [m.objects.aggregate(last=Max("link_checked_at"))["last"] for m in models]
        self.last_checked = max(filter(None, checked), default=None)


def reviews_due(limit=20, today=None, models=PARTNERSHIP_MODELS):
    """Entries confirmed once but not within the review interval, longest ago first (the
    never-reviewed ones are counted by never_reviewed)."""
    entries = chain.from_iterable(
        m.objects.review_due(today)
        .filter(last_reviewed__isnull=False)
        .select_related("group")[:limit]
        for m in models
    )
    return sorted(entries, key=lambda entry: entry.last_reviewed)[:limit]


def never_reviewed(models=PARTNERSHIP_MODELS):
    """Per model, how many entries nobody has ever confirmed, with the link to their list."""
    return filtered_lists(models, last_reviewed__isnull=True)


def review_due_count(today=None, models=PARTNERSHIP_MODELS):
    return sum(m.objects.review_due(today).count() for m in models)


def open_reports(limit=20):
    """Visitors' reports of outdated entries that nobody has marked done yet."""
    return EntryReport.objects.open().select_related("partner")[:limit]


def open_barrier_reports(limit=20):
    """Visitors' reports of barriers that nobody has marked done yet, newest first."""
    return BarrierReport.objects.open().order_by("-created_at")[:limit]


def new_proposals(user, limit=20):
    """Confirmed proposals from "Partner werden" that nobody has accepted or declined,
    newest first, of the kinds `user` may decide on; None for a user who may decide none."""
    kinds = proposals.handled_kinds(user)
    if not kinds:
        return None
    return list(proposals.undecided().filter(kind__in=kinds).select_related("group")[:limit])


@dataclass
class MissingFact:
    label: str
    url: str


def missing_imprint_facts(user):
    """The facts the imprint and the privacy statement must name that the office's record
    lacks, each with the link to its field in the record's form (the add form while there
    is no record); without links for a user who may not edit the record."""
    office = Office.objects.current()
    opts = Office._meta
    if office is None:
        action, url = "add", reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        facts = Office.objects.missing_imprint_facts()
    else:
        action = "change"
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[office.pk])
        facts = office.missing_imprint_facts()
    allowed = may(user, action, Office)
    return [
        MissingFact(label=str(label), url=f"{url}#id_{field}" if allowed else "")
        for label, field in facts
    ]


def waiting_for_release(user, models=RELEASED_MODELS, limit=30):
    """The submissions `user` may decide (never their own), oldest and so the overdue
    ones first; None for a user who may decide none of `models`: who may release them, or
    with FOUR_EYES off whoever may change them (a contact person's proposed change)."""
    if not any(
        release.may_release(user, model) or release.may_decide_contact_change(user, model)
        for model in models
    ):
        return None
    changes = PendingChange.objects.reviewable_by(user).with_related()
    return list(changes.order_by("submitted_at")[:limit])


def own_submissions(user, limit=30):
    """`user`'s own changes still waiting for release or sent back to them, the returned
    ones first; None while the four-eyes rule is off and nothing of theirs is open."""
    changes = (
        PendingChange.objects.submitted_by_user(user)
        .filter(state__in=[PendingChange.State.SUBMITTED, PendingChange.State.RETURNED])
        .with_related()
    )
    rows = sorted(
        changes[:limit],
        key=lambda change: (change.state != PendingChange.State.RETURNED, change.submitted_at),
    )
    if not rows and not (release.four_eyes_on() and submits_for_release(user)):
        return None
    return rows


def submits_for_release(user, models=RELEASED_MODELS):
    """Whether `user` may change an entry of `models` but not release it: their changes
    wait for someone else's release (the group "Redaktion")."""
    return any(
        may(user, "change", model) and not release.may_release(user, model) for model in models
    )
