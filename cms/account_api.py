"""JSON API of the resident's own account (/api/v3/account/): session (with CSRF) or API token."""
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from .api_helpers import resident_auth
from .errors import ApiProblem
from .forms import SignupProfileForm
from .services import user_has_verified_email

router = Router(tags=["account"])


class MeSchema(Schema):
    full_name: str
    email: str
    email_verified: bool


class MeUpdate(Schema):
    full_name: str = Field(..., max_length=255)


def _me(user) -> dict:
    return {"full_name": user.full_name, "email": user.email, "email_verified": user_has_verified_email(user)}


@router.get("/me/", response=MeSchema, auth=resident_auth, summary="My account")
def me(request: HttpRequest):
    return _me(request.user)


@router.patch("/me/", response=MeSchema, auth=resident_auth, summary="Update my full name")
def update_me(request: HttpRequest, data: MeUpdate):
    form = SignupProfileForm({"full_name": data.full_name})
    if not form.is_valid():
        raise ApiProblem(422, "invalid_full_name", form.errors["full_name"][0],
                         errors=[{"loc": ["body", "full_name"], "msg": str(m)} for m in form.errors["full_name"]])
    request.user.full_name = form.cleaned_data["full_name"]
    request.user.save(update_fields=["full_name"])
    return _me(request.user)


