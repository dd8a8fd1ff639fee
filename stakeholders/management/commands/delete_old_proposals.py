from core.management.retention import RetentionCommand
from stakeholders import proposals


class Command(RetentionCommand):
    help = (
        'Delete the proposals of the form "Partner werden" that the privacy statement says '
        "are deleted: unconfirmed ones once their link has expired (PROPOSAL_LINK_DAYS), and "
        "every proposal after PROPOSAL_RETENTION_DAYS, with the history versions of the "
        "drafts deleted when they were declined. Run it daily, e.g. from cron."
    )

    def expired(self):
        yield from proposals.expired_querysets()
