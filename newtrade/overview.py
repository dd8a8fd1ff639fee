"""The network overview on the admin start page."""

import datetime
from dataclasses import dataclass
from itertools import chain

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from partners.models import EntryReport, Partner
from stakeholders.models import Actor, PartnershipStatus, StakeholderGroup

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


def follow_ups(today=None):
    """Actors and partners whose next step is due soon or overdue, soonest first."""
    entries = chain.from_iterable(
        m.objects.follow_ups_due(today).select_related("group") for m in PARTNERSHIP_MODELS
    )
    return sorted(entries, key=lambda entry: entry.next_step_due)


def recently_deleted(limit=10):
    """The latest deletions, each with the link that restores the entry as it was when it
    was deleted, with what the delete took along (the restore form links to the history)."""
    deleted = []
    for model in [*PARTNERSHIP_MODELS, StakeholderGroup]:
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


def broken_links(limit=20):
    """Entries whose website failed the last check, longest failing first."""
    entries = chain.from_iterable(
        m.objects.with_broken_links().select_related("group")[:limit] for m in PARTNERSHIP_MODELS
    )
    return sorted(entries, key=lambda entry: entry.link_failing_since)[:limit]


def reviews_due(limit=20, today=None):
    """Entries nobody has confirmed for the review interval; never-reviewed ones first."""
    entries = chain.from_iterable(
        m.objects.review_due(today).select_related("group")[:limit] for m in PARTNERSHIP_MODELS
    )
    return sorted(entries, key=lambda e: (e.last_reviewed is not None, e.last_reviewed or 0))[
        :limit
    ]


def review_due_count(today=None):
    return sum(m.objects.review_due(today).count() for m in PARTNERSHIP_MODELS)


def open_reports(limit=20):
    """Visitors' reports of outdated entries that nobody has marked done yet."""
    return EntryReport.objects.open().select_related("partner")[:limit]
