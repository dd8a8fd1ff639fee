from core.phone import validate_phone  # noqa: F401 (referenced by old migrations)
from stakeholders.models.network import Actor, ActorQuerySet, Role, StakeholderGroup
from stakeholders.models.office import Office
from stakeholders.models.outreach import EntryConfirmation, Proposal
from stakeholders.models.partnership import (
    FOLLOW_UP_HORIZON,
    ContactPerson,
    LinkStatus,
    Partnership,
    PartnershipQuerySet,
    PartnershipStatus,
)

__all__ = [
    "FOLLOW_UP_HORIZON",
    "Actor",
    "ActorQuerySet",
    "ContactPerson",
    "EntryConfirmation",
    "LinkStatus",
    "Office",
    "Partnership",
    "PartnershipQuerySet",
    "PartnershipStatus",
    "Proposal",
    "Role",
    "StakeholderGroup",
]
