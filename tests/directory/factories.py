"""Factories of the directory's tests: categories, objects inside the configured city bounds, the directory page."""
import factory
import wagtail_factories

from directory.models import Category, CityObject, DirectoryPage


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Категорія {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    colour = "#0b4f8a"


class CityObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityObject

    external_id = factory.Sequence(lambda n: f"obj-{n:05d}")
    name = factory.Sequence(lambda n: f"Обʼєкт {n}")
    category = factory.SubFactory(CategoryFactory)
    address = factory.Sequence(lambda n: f"вул. Шевченка, {n + 1}")
    latitude = 49.59
    longitude = 34.56
    opening_hours = factory.LazyFunction(lambda: {"mon": [["08:00", "17:00"]]})


class DirectoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectoryPage

    title = "Мапа міста"
    slug = "mapa"
