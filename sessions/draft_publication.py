"""The publication rule of draft decisions: published no later than 10 working days (a setting) before the date
they are considered, counted on the portal's one calendar of working days (cms.workdays). See docs/council.md."""
import datetime
from dataclasses import dataclass

from django.conf import settings

from cms.workdays import working_days_before

__all__ = ["publication_term", "publication_deadline", "publication_check", "PublicationCheck"]


def publication_term() -> int:
    return settings.COUNCIL_DRAFT_PUBLICATION_WORKING_DAYS


@dataclass(frozen=True)
class PublicationCheck:
    """Whether a draft was published in time for the date it is considered (docs/council.md, art. 15 of the law)."""

    considered_on: datetime.date
    deadline: datetime.date  # the last day the draft could be published
    published_on: datetime.date | None
    urgent: bool

    @property
    def ok(self) -> bool:
        return self.urgent or (self.published_on is not None and self.published_on <= self.deadline)

    @property
    def late_by_unpublished(self) -> bool:
        return self.published_on is None


def publication_deadline(considered_on: datetime.date) -> datetime.date:
    """The last day a draft considered on ``considered_on`` could be published (one read of the calendar)."""
    return working_days_before(considered_on, publication_term())


def publication_check(*, published_on: datetime.date | None, considered_on: datetime.date,
                      urgent: bool = False, deadline: datetime.date | None = None) -> PublicationCheck:
    """``deadline``: ``publication_deadline(considered_on)`` when the caller has it already (every draft of one
    session's agenda shares it)."""
    return PublicationCheck(considered_on=considered_on, published_on=published_on, urgent=urgent,
                            deadline=deadline or publication_deadline(considered_on))
