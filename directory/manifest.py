"""What the directory declares to the kernel, in one place: cache invalidation signals, the personal-data exporter.
The API router is mounted in cms/api.py as every module's is (see README); the roles are in cms/roles.py."""


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from . import exporters  # noqa: F401  (registers the personal-data exporter)
    from .models import Category, CityObject
    from .services import data_changed

    def changed(sender, **kwargs):
        data_changed()

    for model in (Category, CityObject):
        post_save.connect(changed, sender=model, dispatch_uid=f"directory-changed-{model.__name__}", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"directory-deleted-{model.__name__}", weak=False)
