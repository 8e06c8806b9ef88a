"""The directory's signal receivers: any change of a category or an object invalidates the cached map data.
What the module declares to the kernel is its manifest (directory/apps.py)."""


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Category, CityObject
    from .services import data_changed

    def changed(sender, **kwargs):
        data_changed()

    for model in (Category, CityObject):
        post_save.connect(changed, sender=model, dispatch_uid=f"directory-changed-{model.__name__}", weak=False)
        post_delete.connect(changed, sender=model, dispatch_uid=f"directory-deleted-{model.__name__}", weak=False)
