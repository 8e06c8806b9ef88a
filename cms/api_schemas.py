"""When the API's pydantic schemas build their validators: on first use, except those of the operations a visitor can
call, which ``cms.wsgi`` builds before gunicorn forks its workers (benchmarks/README.md, "Worker memory").

Wagtail's API v3 makes, when it is imported, read, create and patch schemas of every page model (and of images,
documents, snippets) and, for each of its operations, a response or body model holding the union of all 26 page
types. Its writes (create, update, delete, publish, copy, move, revert, aliases, translations of pages; the same for
images, documents, snippets, redirects, sites) need an editor's API token; editors work in the admin, so a web worker
almost never serves one. Their schemas are now built by the first request that needs them (or by the first
``/api/v3/openapi.json`` a worker serves, which describes every operation) instead of at start-up, so
gunicorn's master (and every worker forked from it) no longer holds them: 12 MiB of each worker's RSS.
The schemas themselves, the validation and the OpenAPI document are the same: pydantic's ``defer_build`` only moves
when a class's validator and serializer are made."""
import typing
from collections.abc import Iterator

from ninja import NinjaAPI, Schema
from ninja.operation import Operation
from ninja.params.models import ParamModel
from pydantic import BaseModel


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def defer_schema_builds() -> None:
    """Every django-ninja schema class, and every model of an operation's parameters or body, made from now on (a
    subclass inherits the setting from its base) builds its validator and serializer on first use. Called before any
    app's models or Wagtail's API are imported (cms.apps)."""
    for base in (Schema, *_subclasses(ParamModel)):  # ninja's bases of the query, path, body, form, ... models
        base.model_config["defer_build"] = True


def _is_editor_write(operation: Operation) -> bool:
    """One of Wagtail's own write operations (they all need an editor's API token); the portal's resident actions
    (sign, vote, comment) are not."""
    return operation.view_func.__module__.startswith("wagtail.") and set(operation.methods) != {"GET"}


def visitor_operations(api: NinjaAPI) -> Iterator[Operation]:
    """Every operation of ``api`` except Wagtail's editor writes: all reads, and the portal's own writes."""
    for _prefix, router in api._routers:  # noqa: SLF001  (ninja's own OpenAPI generator walks the same list)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if not _is_editor_write(operation):
                    yield operation


def _models_in(annotation) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):  # list[X], X | None, Annotated[Union[...], ...], dict[str, X]
        yield from _models_in(argument)


def build(model: type[BaseModel], done: set) -> None:
    """Builds ``model``'s validator after those of the models its fields hold. Order matters: a model built after its
    parts reuses their validators, one built first makes its own copy of every part (the page-type union held by a
    dozen response models would then be built a dozen times)."""
    if model in done:
        return
    done.add(model)
    for field in model.model_fields.values():
        for part in _models_in(field.annotation):
            build(part, done)
    if not model.__pydantic_complete__:
        # As pydantic does when it builds a class at once: a schema it cannot build yet stays as it is.
        model.model_rebuild(raise_errors=False)


def build_visitor_schemas(api: NinjaAPI) -> None:
    """Builds the parameter, body and response models of every operation a visitor can call, the problem document
    Wagtail's own error handlers answer with and the field filter its lists make per request."""
    # Not at the top: this module is imported before the apps are loaded.
    from wagtail.api.v3.errors import ProblemDetail
    from wagtail.api.v3.schemas.params import APIFieldFilterSchema

    done: set = set()
    for model in (ProblemDetail, APIFieldFilterSchema):
        build(model, done)
    for operation in visitor_operations(api):
        responses = [model for model in operation.response_models.values() if isinstance(model, type)]
        for model in [*operation.models, *responses]:
            build(model, done)
