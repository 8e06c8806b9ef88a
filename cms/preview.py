"""Draft preview in a separate front end.

When ``FRONTEND_BASE_URL`` is set, the admin's preview (the side panel, "Preview in new tab", "View draft" and a
revision's preview) opens ``<FRONTEND_BASE_URL>?preview=<token>&page=<id>`` instead of rendering the page here.
The token is signed, lives ``FRONTEND_PREVIEW_SECONDS`` and names one page and what to show of it: the editor's
unsaved form (a snapshot kept in the cache as long as the token), a revision, or the latest draft. The front end
asks ``GET /api/v3/preview/pages/{id}/?token=…`` and gets that draft in the shape of ``/api/v3/pages/{id}/``;
a token for another page, an expired or altered one is refused with a problem document. Without the setting the
admin previews pages as Wagtail always does."""
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.preview import PreviewOnEditView, ViewDraftView
from wagtail.admin.views.pages.revisions import RevisionsView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .errors import RuleError

SALT = "cms.preview"
SNAPSHOT_KEY = "cms:preview-snapshot:{}"


class PreviewError(RuleError):
    STATUS = {"preview_token_invalid": 403, "preview_token_expired": 403, "preview_token_other_page": 403,
              "preview_gone": 410}


@dataclass(frozen=True)
class PreviewGrant:
    page_id: int
    revision_id: int | None
    snapshot: dict | None


def frontend_preview_enabled() -> bool:
    return bool(getattr(settings, "FRONTEND_BASE_URL", ""))


def preview_token_create(*, page, revision_id: int | None = None, snapshot: dict | None = None) -> str:
    """A signed token for one page's draft: the unsaved ``snapshot``, a revision, or (neither) the latest draft."""
    payload = {"page": page.pk, "revision": revision_id}
    if snapshot is not None:
        key = uuid.uuid4().hex
        cache.set(SNAPSHOT_KEY.format(key), snapshot, timeout=settings.FRONTEND_PREVIEW_SECONDS)
        payload["snapshot"] = key
    return signing.dumps(payload, salt=SALT, compress=True)


def preview_token_check(*, token: str, page_id: int) -> PreviewGrant:
    """What ``token`` lets the holder see of page ``page_id``; PreviewError when it may not see it."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.FRONTEND_PREVIEW_SECONDS)
    except signing.SignatureExpired:
        raise PreviewError("preview_token_expired", _("The preview link has expired. Open the preview again "
                                                      "from the admin."))
    except (signing.BadSignature, ValueError, TypeError):
        raise PreviewError("preview_token_invalid", _("The preview link is not valid."))
    if not isinstance(payload, dict) or payload.get("page") != page_id:
        raise PreviewError("preview_token_other_page", _("This preview link is for another page."))
    snapshot = None
    if payload.get("snapshot"):
        snapshot = cache.get(SNAPSHOT_KEY.format(payload["snapshot"]))
    return PreviewGrant(page_id=page_id, revision_id=payload.get("revision"), snapshot=snapshot)


def preview_object(grant: PreviewGrant):
    """The page as the token shows it: the snapshot, else the revision, else the latest draft."""
    page = Page.objects.filter(pk=grant.page_id).first()
    if page is None:
        raise PreviewError("preview_gone", _("The page of this preview no longer exists."))
    page = page.specific
    if grant.snapshot is not None:
        return page.with_content_json(grant.snapshot)
    if grant.revision_id:
        revision = page.revisions.filter(pk=grant.revision_id).first()
        if revision is None:
            raise PreviewError("preview_gone", _("The version of this preview no longer exists."))
        return revision.as_object()
    return page.get_latest_revision_as_object()


def frontend_preview_url(*, page, revision_id: int | None = None, snapshot: dict | None = None) -> str:
    token = preview_token_create(page=page, revision_id=revision_id, snapshot=snapshot)
    return f"{settings.FRONTEND_BASE_URL}?{urlencode({'preview': token, 'page': page.pk})}"


# The admin's preview views, sending editors to the front end when one is configured --------------------------

class FrontendPreviewOnEditView(PreviewOnEditView):
    """The preview panel and "Preview in new tab" of the page editor: the unsaved form as a snapshot."""

    def get(self, request, *args, **kwargs):
        if not frontend_preview_enabled():
            return super().get(request, *args, **kwargs)
        form = self.get_form(self._get_form_data(self._get_form_state()))
        if not self.validate_form(form):
            return self.error_response()
        form.save(commit=False)
        return HttpResponseRedirect(frontend_preview_url(page=self.object,
                                                         snapshot=self.object.serializable_data()))


class FrontendViewDraftView(ViewDraftView):
    def dispatch(self, request, page_id, *args, **kwargs):
        if not frontend_preview_enabled():
            return super().dispatch(request, page_id, *args, **kwargs)
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            return super().dispatch(request, page_id, *args, **kwargs)  # Wagtail's 404
        perms = page.permissions_for_user(request.user)
        if not (perms.can_publish() or perms.can_edit()):
            return super().dispatch(request, page_id, *args, **kwargs)  # Wagtail's refusal
        return HttpResponseRedirect(frontend_preview_url(page=page, revision_id=page.latest_revision_id))


class FrontendRevisionsView(RevisionsView):
    """Preview of one revision from the page's history."""

    def get(self, request, *args, **kwargs):
        if not frontend_preview_enabled():
            return super().get(request, *args, **kwargs)
        return HttpResponseRedirect(frontend_preview_url(page=self.object, revision_id=int(self.revision_id)))


class FrontendPreviewPageViewSet(PageViewSet):
    """Every page type's admin views as Wagtail's, with the previews above (registered for the base Page model,
    so it is the fallback of every page type without a viewset of its own)."""

    model = Page
    preview_on_edit_view_class = FrontendPreviewOnEditView
    view_draft_view_class = FrontendViewDraftView
    revisions_view_class = FrontendRevisionsView
