"""django-import-export resource of city objects in the import columns (README, "City directory"): an exported
file can be edited in a spreadsheet and imported again. Importing goes through services.directory_import, which
checks every row first and saves in bulk."""
from import_export import fields, resources

from . import hours
from .importing import COLUMNS
from .models import ACCESSIBILITY_FEATURES, CityObject


def _yes_no(value) -> str:
    return "" if value is None else ("так" if value else "ні")


class CityObjectResource(resources.ModelResource):
    category = fields.Field(column_name="category")
    lat = fields.Field(column_name="lat")
    lon = fields.Field(column_name="lon")
    department = fields.Field(column_name="department")

    class Meta:
        model = CityObject
        fields = COLUMNS
        export_order = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for day in hours.DAYS:
            self.fields[f"hours_{day}"] = fields.Field(column_name=f"hours_{day}", attribute="opening_hours",
                                                       dehydrate_method=self._hours_of(day))
        for key in (*ACCESSIBILITY_FEATURES, "is_published"):
            self.fields[key] = fields.Field(column_name=key, attribute=key, dehydrate_method=self._flag_of(key))

    def get_export_order(self):
        return COLUMNS

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("category", "department").order_by("pk")

    @staticmethod
    def _hours_of(day):
        return lambda obj: hours.day_text(obj.opening_hours or {}, day)

    @staticmethod
    def _flag_of(key):
        return lambda obj: _yes_no(getattr(obj, key))

    def dehydrate_category(self, obj):
        return obj.category.slug

    def dehydrate_lat(self, obj):
        return obj.latitude

    def dehydrate_lon(self, obj):
        return obj.longitude

    def dehydrate_department(self, obj):
        return obj.department.name if obj.department_id else ""

    def dehydrate_accessibility_checked_on(self, obj):
        return obj.accessibility_checked_on.isoformat() if obj.accessibility_checked_on else ""

    def dehydrate_last_checked(self, obj):
        return obj.last_checked.isoformat() if obj.last_checked else ""
