"""What other modules may ask of appeals (a named interface: they import this module, never appeals' models).

- ``appeal_from_petition``: a petition that did not gather its signatures becomes an ordinary appeal of its author
  (Law "On citizens' appeals", art. 23-1), registered and routed like any other.
- ``deputy_appeal_url``: the address of the appeal form addressed to one deputy (the deputy page's button)."""
from dataclasses import dataclass

from django.db import transaction

from . import selectors, services
from .models import Appeal, Category

PETITION_CATEGORY_SLUG = "petytsii"


@dataclass(frozen=True)
class AppealRef:
    id: int
    number: str
    url: str


def _petition_category() -> Category:
    category, _created = Category.objects.get_or_create(
        slug=PETITION_CATEGORY_SLUG,
        # Not offered on the form: residents write petitions on the petitions page.
        defaults={"name": "Електронні петиції", "is_active": False,
                  "description": "Петиції, що не набрали потрібної кількості підписів"})
    return category


@transaction.atomic
def appeal_from_petition(*, title: str, text: str, author, author_name: str, note: str, source_url: str,
                         by) -> AppealRef:
    """Register the petition as its author's appeal (public, like the petition was); raises
    a ``cms.errors.RuleError`` (AppealError) with a code when the law does not allow it (e.g. no author to answer)."""
    body = f"{title}\n\n{text}"
    if note.strip():
        body += f"\n\n{note.strip()}"
    appeal = services.appeal_submit(
        author=by, kind=Appeal.Kind.PROPOSAL, category=_petition_category(), text=body, is_public=True,
        channel=Appeal.Channel.PETITION, source_reference=source_url, author_name=author_name,
        author_email=author.email if author is not None else "", owner=author)
    return AppealRef(id=appeal.pk, number=appeal.number, url=appeal.get_absolute_url())


def deputy_appeal_url(deputy_id: int) -> str:
    return f"{selectors.index_url()}nove/?deputy={deputy_id}"
