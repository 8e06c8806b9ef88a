"""/api/v3/preview/: a page's draft for the holder of a preview token (see cms/preview.py)."""
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from wagtail.api.v3.routers.pages import PageDetailSchema

from .preview import preview_object, preview_token_check

router = Router(tags=["preview"])


@router.get("/pages/{page_id}/", response=PageDetailSchema, auth=None, url_name="preview_page",
            summary="A page's draft, for the front end the admin's preview opened")
def preview_page(request: HttpRequest, response: HttpResponse, page_id: int,
                 token: str = Query(..., min_length=1, max_length=4000)):  # noqa: B008
    # A refused token is a PreviewError: the API mount answers it as a problem document with its code.
    page = preview_object(preview_token_check(token=token, page_id=page_id))
    # A draft is for the editor who opened it: never stored by a browser, proxy or CDN, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return page
