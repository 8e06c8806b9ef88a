"""When the API's pydantic schemas build their validators: on first use, except those of the operations a visitor can
call, which ``cms.wsgi`` builds before gunicorn forks its workers (benchmarks/README.md, "Worker memory").

Wagtail's API v3 makes, when it is imported, read, create and patch schemas of every page model (and of images,
documents, snippets) and, for each of its operations, a response or body model holding the union of all 26 page
types. Its writes (create, update, delete, publish, copy, move, revert, aliases, translations of pages; the same for
images, documents, snippets, redirects, sites) need an editor's API token, and so do the revision reads (the preview
of a draft needs a token from the admin); editors work in the admin, so a web worker almost never serves one. Their
schemas are now built by the first request that needs them (or by the first
``/api/v3/openapi.json`` a worker serves, which describes every operation) instead of at start-up, so
gunicorn's master (and every worker forked from it) no longer holds them: 12 MiB of each worker's RSS.
The schemas themselves, the validation and the OpenAPI document are the same: pydantic's ``defer_build`` only moves
when a class's validator and serializer are made."""
from collections.abc import Iterator

from ninja import NinjaAPI, Schema
from ninja.operation import Operation
from ninja.params.models import ParamModel


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


# Reads only an editor makes: a page's or snippet's revisions (the admin's history, with a token) and a draft opened
# from the admin's preview. Each answer is a model holding the union of every page type, and pydantic builds such a
# union's validator again for every operation's response model: 3 MiB of each worker's RSS for these four.
EDITOR_READS = frozenset({
    "wagtail.api.v3.routers.pages.list_page_revisions",
    "wagtail.api.v3.routers.pages.get_page_revision",
    "wagtail.snippets.api.v3.router.list_snippet_revisions",
    "wagtail.snippets.api.v3.router.get_snippet_revision",
    "cms.preview_api.preview_page",
})


# Reads that always answer with a redirect (Wagtail's find answers with the page's address in the API): the response
# model they declare documents the redirect's target in the OpenAPI document and validates nothing.
REDIRECTING_READS = frozenset({"wagtail.api.v3.routers.pages.find_page"})


def _qualified_name(operation: Operation) -> str:
    return f"{operation.view_func.__module__}.{operation.view_func.__name__}"


def is_editor_operation(operation: Operation) -> bool:
    """One of Wagtail's own write operations (they all need an editor's API token) or one of the reads only an editor
    makes; the portal's resident actions (sign, vote, comment) are not."""
    if _qualified_name(operation) in EDITOR_READS:
        return True
    return operation.view_func.__module__.startswith("wagtail.") and set(operation.methods) != {"GET"}


def visitor_operations(api: NinjaAPI) -> Iterator[Operation]:
    """Every operation of ``api`` except an editor's: all the reads a visitor or a front end makes, and the portal's
    own writes."""
    for _prefix, router in api._routers:  # noqa: SLF001  (ninja's own OpenAPI generator walks the same list)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if not is_editor_operation(operation):
                    yield operation


def build_visitor_schemas(api: NinjaAPI) -> None:
    """Builds the parameter, body and response models of every operation a visitor can call, the problem document
    Wagtail's own error handlers answer with and the field filter its lists make per request.

    Only the models an answer is validated and serialised with are built, not the models their fields hold: pydantic
    makes a response model's validator from its parts' schemas, with its own copy of every part, so a part's
    validator built on its own (a page type's read schema, the page-type union) is not what an answer uses. Building
    the parts too cost 2.3 MiB more and no request used them (tests/cms/test_worker_memory.py)."""
    # Not at the top: this module is imported before the apps are loaded.
    from wagtail.api.v3.errors import ProblemDetail
    from wagtail.api.v3.schemas.params import APIFieldFilterSchema

    models = [ProblemDetail, APIFieldFilterSchema]
    for operation in visitor_operations(api):
        models += operation.models
        if _qualified_name(operation) not in REDIRECTING_READS:
            models += [model for model in operation.response_models.values() if isinstance(model, type)]
    for model in models:
        if not model.__pydantic_complete__:
            # As pydantic does when it builds a class at once: a schema it cannot build yet stays as it is.
            model.model_rebuild(raise_errors=False)
