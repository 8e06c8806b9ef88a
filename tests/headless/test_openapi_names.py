"""Every schema in /api/v3/openapi.json has its own name: django-ninja files component schemas by class name, so
two classes of one name (e.g. two modules' DocumentOut, or a router's AgendaItemSchema and the one Wagtail
generates for the AgendaItem model) silently describe one with the other's fields."""
from collections import defaultdict

from pydantic import BaseModel

PROJECT_PACKAGES = ("cms", "home", "participation", "sessions", "petitions", "consultations", "regulatory", "forum",
                    "budget", "appeals", "directory")


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_no_two_api_schemas_share_a_name(client):
    client.get("/api/v3/openapi.json")  # builds every router and Wagtail's generated page schemas
    by_name = defaultdict(set)
    for model in subclasses(BaseModel):
        # Generics; paginators' query parameters and output templates (ninja files each list as Paged<Item>).
        if "[" in model.__name__ or model.__name__ in {"Input", "Output"}:
            continue
        by_name[model.__name__].add(model)
    clashes = {name: sorted(f"{model.__module__}.{model.__qualname__}" for model in models)
               for name, models in by_name.items() if len(models) > 1
               and any(model.__module__.split(".")[0] in PROJECT_PACKAGES for model in models)}
    assert clashes == {}
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert "Output" not in schemas and "PagedNewsListItem" in schemas
