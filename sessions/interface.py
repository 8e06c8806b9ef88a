"""What other modules may ask the council (a named interface: they import this module, never the council's models).

Deputies are addressed by their page id; districts are the electoral districts with their boundaries."""
from dataclasses import dataclass

from .geo import district_containing


@dataclass(frozen=True)
class DeputyRef:
    id: int  # the deputy's page id
    name: str
    url: str
    email: str
    user_id: int | None  # the deputy's own staff account, if any


def _ref(page, *, with_url: bool = False) -> DeputyRef:
    url = (page.url or "") if with_url else ""  # a page's address costs queries: only for one deputy
    return DeputyRef(id=page.pk, name=page.full_name, url=url, email=page.email, user_id=page.user_id)


def _deputies():
    from .models import DeputyPage, MandateStatus

    return DeputyPage.objects.live().filter(mandate_status=MandateStatus.ACTIVE).order_by("family_name", "given_name")


def active_deputies() -> list[DeputyRef]:
    """Deputies with an active mandate, in alphabetical order (one query)."""
    return [_ref(page) for page in _deputies().only("pk", "family_name", "given_name", "patronymic", "email",
                                                     "user_id", "url_path", "path", "depth")]


def deputy(page_id: int) -> DeputyRef | None:
    """An active deputy by page id, or None."""
    page = _deputies().filter(pk=page_id).first()
    return _ref(page, with_url=True) if page else None


def deputy_ids_of_user(user) -> list[int]:
    """Page ids of the deputies whose staff account ``user`` is (usually none or one)."""
    from .models import DeputyPage

    if not user.is_authenticated:
        return []
    return list(DeputyPage.objects.filter(user=user).values_list("pk", flat=True))


def district_names() -> list[str]:
    from .models import ElectoralDistrict

    return list(ElectoralDistrict.objects.order_by("number").values_list("name", flat=True))


def district_name_at(*, latitude: float, longitude: float) -> str:
    """The name of the electoral district that contains the point, or ""."""
    from .models import ElectoralDistrict

    district = district_containing(ElectoralDistrict.objects.exclude(boundary={}).order_by("number"),
                                   longitude=longitude, latitude=latitude)
    return district.name if district else ""
