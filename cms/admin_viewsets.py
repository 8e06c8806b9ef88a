"""Admin viewsets with a scoped list.

Wagtail 8's ModelViewSet, unlike SnippetViewSet, has no ``get_queryset(request)`` hook: a method of that name on a
ModelViewSet is never called, and its list shows every row of the model. ``ScopedModelViewSet.base_queryset()``
is what the list starts from (filters, search and ordering apply on top of it)."""
from django.db.models import QuerySet
from wagtail.admin.viewsets.model import ModelViewSet


class ScopedModelViewSet(ModelViewSet):
    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_index_view_kwargs(self, **kwargs):
        # A lazy queryset: the list view clones it on every request.
        return super().get_index_view_kwargs(queryset=self.base_queryset(), **kwargs)
