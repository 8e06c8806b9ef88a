"""Background work of e-petitions: signers follow the petition after their signature is committed."""
from django.contrib.auth import get_user_model
from django_tasks import task

from participation.notifications import follow

from .models import Petition


@task()
def follow_signed_petition(*, user_id: int, petition_id: int) -> bool:
    """Outside the signing transaction: the busiest write of the portal stays three statements long."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    petition = Petition.objects.filter(pk=petition_id).first()
    if user is None or petition is None:
        return False
    return follow(user, petition, reason="signed") is not None
