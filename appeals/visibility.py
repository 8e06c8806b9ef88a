"""The one visibility rule of appeals, asked by pages, the admin, the API, Open311, the sitemap, search, statistics
and open data.

- The public sees public appeals once registered; a confidential appeal is never public anywhere.
- The author sees their own appeals (confidential ones too).
- Dispatchers see every appeal; an executor only the appeals of the service whose group they are in; a deputy
  only the appeals addressed to them. Internal notes are for these staff only, never for the author."""
from django.db.models import Q, QuerySet

from sessions import interface as council

from .models import Appeal

DISPATCH = "appeals.dispatch_appeal"
HANDLE = "appeals.handle_appeal"

PUBLIC_STATUSES = tuple(value for value in Appeal.Status.values if value != Appeal.Status.RECEIVED)


def public_q() -> Q:
    return Q(is_public=True, status__in=PUBLIC_STATUSES)


def public_appeals() -> QuerySet[Appeal]:
    return Appeal.objects.filter(public_q())


def staff_q(user) -> Q | None:
    """What ``user`` may handle as staff: Q() for dispatchers (everything), None when nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_perm(DISPATCH):
        return Q()
    if not user.has_perm(HANDLE):
        return None
    scope = Q(service__group__in=user.groups.all()) if user.groups.exists() else Q(pk__in=[])
    deputy_ids = council.deputy_ids_of_user(user)
    if deputy_ids:
        scope |= Q(deputy_id__in=deputy_ids)
    return scope


def staff_appeals(user) -> QuerySet[Appeal]:
    scope = staff_q(user)
    return Appeal.objects.none() if scope is None else Appeal.objects.filter(scope)


def visible_q(user) -> Q:
    """Everything ``user`` may read: public appeals, their own, and their staff scope."""
    rule = public_q()
    if user.is_authenticated:
        rule |= Q(author=user)
        scope = staff_q(user)
        if scope is not None:
            rule |= scope
    return rule


def visible_appeals(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(visible_q(user))


def can_view(user, appeal: Appeal) -> bool:
    return visible_appeals(user).filter(pk=appeal.pk).exists()


def can_handle(user, appeal: Appeal) -> bool:
    """Staff who may work on the appeal (answer, notes, clarifications, extension)."""
    return staff_appeals(user).filter(pk=appeal.pk).exists()


def can_dispatch(user) -> bool:
    return user.is_authenticated and user.has_perm(DISPATCH)


def is_author(user, appeal: Appeal) -> bool:
    return user.is_authenticated and appeal.author_id == user.pk


def sees_internal(user, appeal: Appeal) -> bool:
    """Internal notes and the staff's names: the staff who handle it, never the author as such."""
    return can_handle(user, appeal)
