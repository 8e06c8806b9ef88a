"""JSON API of e-petitions (/api/v3/petitions/): public list, detail, signers (names only), a cheap count for
polling; signing and "signed by me" for residents. Errors carry stable codes."""
import datetime
import json
from typing import Literal

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cms.api_helpers import Pagination, get_or_404, in_id_range, public, resident_auth
from cms.errors import ApiProblem

from . import opendata, selectors, services
from .models import Petition, PetitionCategory
from .views import client_ip

router = Router(tags=["petitions"])
COUNT_CACHE_SECONDS = 1


class PetitionCategoryOut(Schema):
    id: int
    name: str
    slug: str


class PetitionItem(Schema):
    id: int
    uid: str
    title: str
    url: str
    status: str
    status_label: str
    category: PetitionCategoryOut
    author_name: str
    signature_count: int
    signature_threshold: int
    published_at: datetime.datetime | None
    collection_ends_at: datetime.datetime | None
    days_left: int | None

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(f"{selectors.index_url()}{obj.pk}/")

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_days_left(obj):
        return obj.days_left()


class PetitionDocumentOut(Schema):
    title: str
    url: str


class TimelineOut(Schema):
    status: str = Field(..., alias="to_status")
    at: datetime.datetime
    note: str


class PetitionDetail(PetitionItem):
    text: str
    response_due: datetime.date | None
    rejection_reason: str
    rejection_text: str
    answer_text: str
    answer_outcome: str
    answer_decision_url: str
    answered_at: datetime.datetime | None
    answer_documents: list[PetitionDocumentOut]
    forwarded_at: datetime.datetime | None
    timeline: list[TimelineOut]

    @staticmethod
    def resolve_answer_documents(obj, context):
        return [{"title": document.title, "url": context["request"].build_absolute_uri(document.url)}
                for document in obj.answer_documents.all()]

    @staticmethod
    def resolve_timeline(obj):
        return list(selectors.timeline(obj))


class SignerOut(Schema):
    name: str
    signed_at: datetime.datetime = Field(..., alias="created_at")


class SignatureOut(Schema):
    petition_id: int
    name: str
    signed_at: datetime.datetime = Field(..., alias="created_at")
    signature_count: int
    status: str


class CountOut(Schema):
    id: int
    signature_count: int
    signature_threshold: int
    status: str


class PetitionFilters(Schema):
    status: str | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$", description="Category slug")
    q: str | None = Field(None, max_length=200)
    sort: Literal["newest", "most_signed", "ending_soon"] = "newest"


def _public_or_404(petition_id: int) -> Petition:
    return get_or_404(selectors.public_petitions(), petition_id, detail=_("There is no such petition."))


@router.get("/", response=list[PetitionItem], auth=public, url_name="petitions_list", summary="List petitions")
@paginate(Pagination)
def list_petitions(request: HttpRequest, filters: PetitionFilters = Query(...)):  # noqa: B008
    statuses = selectors.public_statuses()
    if filters.status and filters.status not in statuses:
        raise ApiProblem(400, "unknown_status", _("There is no such petition status."))
    category = None
    if filters.category:
        category = PetitionCategory.objects.filter(slug=filters.category).first()
        if category is None:
            raise ApiProblem(400, "unknown_category", _("There is no such category."))
    return selectors.filter_petitions(selectors.public_petitions(), status=filters.status or "", category=category,
                                      query=(filters.q or "").strip(), sort=filters.sort)


@router.get("/categories/", response=list[PetitionCategoryOut], auth=public, summary="Petition categories")
def list_categories(request: HttpRequest):
    return list(PetitionCategory.objects.all())


def _open_data(dataset: str, fmt: str):
    def view(request: HttpRequest):
        return opendata.open_data_response(request, dataset, fmt)

    view.__name__ = f"open_data_{dataset}_{fmt}"
    return view


for _dataset, _columns in (("petitions", "34-petitions.csv"), ("signatures", "34-petitions-signatures.csv")):
    for _fmt in ("csv", "json"):
        router.get(f"/open-data/{_dataset}.{_fmt}", auth=None, url_name=f"petitions_open_data_{_dataset}_{_fmt}",
                   summary=f"Open data: {_dataset} in the columns of {_columns} ({_fmt.upper()}), no e-mails")(
            _open_data(_dataset, _fmt))


@router.get("/signed-by-me/", response=list[PetitionItem], auth=resident_auth,
            summary="Petitions I signed, most recent signature first")
@paginate(Pagination)
def signed_by_me(request: HttpRequest):
    return selectors.petitions_signed_by(request.user)


@router.get("/{petition_id}/", response=PetitionDetail, auth=public, url_name="petitions_detail",
            summary="One petition with its timeline and answer")
def petition_detail(request: HttpRequest, petition_id: int):
    return _public_or_404(petition_id)


@router.get("/{petition_id}/count/", response=CountOut, auth=None, url_name="petitions_count",
            summary="Signature count, cheap enough to poll (cached for a second)")
def petition_count(request: HttpRequest, petition_id: int):
    key = f"petitions:count:{petition_id}"
    payload = cache.get(key)
    if payload is None:
        # Fixed statuses (not the setting for rejected ones): one query, nothing personal either way.
        row = (Petition.objects.filter(pk=petition_id, status__in=Petition.PUBLIC_STATUSES)
               .values_list("signature_count", "signature_threshold", "status").first()
               if in_id_range(petition_id) else None)
        if row is None:
            raise ApiProblem(404, "not_found", _("There is no such petition."))
        payload = json.dumps({"id": petition_id, "signature_count": row[0], "signature_threshold": row[1],
                              "status": row[2]})
        cache.set(key, payload, COUNT_CACHE_SECONDS)
    response = HttpResponse(payload, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={COUNT_CACHE_SECONDS}"
    return response


@router.get("/{petition_id}/signers/", response=list[SignerOut], auth=public, url_name="petitions_signers",
            summary="Signers' names and dates (never e-mails), in signing order")
@paginate(Pagination)
def petition_signers(request: HttpRequest, petition_id: int):
    return selectors.public_signatures(_public_or_404(petition_id))


@router.post("/{petition_id}/signatures/", response={201: SignatureOut}, auth=resident_auth,
             url_name="petitions_sign", summary="Sign a petition (once; a signature cannot be withdrawn)")
def sign_petition(request: HttpRequest, petition_id: int):
    if not in_id_range(petition_id):
        raise ApiProblem(404, "not_found", _("There is no such petition."))
    # By id: the signing statement itself checks that the petition collects signatures.
    signed = services.petition_sign(petition=petition_id, user=request.user, ip_address=client_ip(request))
    return Status(201, {"petition_id": petition_id, "name": signed.signature.name,
                        "created_at": signed.signature.created_at, "signature_count": signed.signature_count,
                        "status": signed.status})
