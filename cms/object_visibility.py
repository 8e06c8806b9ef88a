"""One visibility rule per object type, asked by views, the API, search, following and notifications alike.

A page type is visible when it is live and not behind a view restriction. Any other model that residents or
staff reach by id (a petition, a forum topic, a budget project, an appeal) declares its rule once, as a
classmethod on the model::

    @classmethod
    def visible_queryset(cls, viewer) -> QuerySet: ...

returning what ``viewer`` (an anonymous user or None for "the public") may see. A model without a rule is
refused loudly rather than shown: adding a module cannot make its drafts public by omission. Every path that
answers "not visible" answers 404, so ids cannot be probed."""
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from wagtail.models import Page

from .visibility import public

MAX_ID = 2**63 - 1


def has_visibility_rule(model: type[Model]) -> bool:
    return issubclass(model, Page) or callable(getattr(model, "visible_queryset", None))


def visible_queryset(model: type[Model], *, viewer=None) -> QuerySet:
    """Everything of ``model`` that ``viewer`` may see (None or an anonymous user: the public)."""
    if viewer is not None and not viewer.is_authenticated:
        viewer = None
    rule = getattr(model, "visible_queryset", None)
    if callable(rule):
        return rule(viewer)
    if issubclass(model, Page):
        return public(model.objects.live())
    raise ImproperlyConfigured(f"{model._meta.label} declares no visible_queryset(viewer): "
                               "say who may see it before it can be reached by id")


def as_id(value) -> int | None:
    """A database id from a path or query value, or None (text, NUL bytes, zero, negatives, past 64 bits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def visible_object(model: type[Model], object_id, *, viewer=None, queryset: QuerySet | None = None):
    """The object with that id if ``viewer`` may see it, else None (the caller answers 404)."""
    pk = as_id(object_id)
    if pk is None:
        return None
    base = visible_queryset(model, viewer=viewer)
    if queryset is not None:  # the caller's select_related/specific(), narrowed to what the rule allows
        base = queryset.filter(pk__in=base.values("pk"))
    return base.filter(pk=pk).first()


def is_visible(target, *, viewer=None) -> bool:
    return visible_queryset(type(target), viewer=viewer).filter(pk=target.pk).exists()
