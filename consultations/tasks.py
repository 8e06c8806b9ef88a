"""Background work of consultations: announcing status changes (scheduled every minute)."""
from django_tasks import task


@task()
def update_consultation_statuses() -> int:
    from .services import consultations_announce_statuses

    return consultations_announce_statuses()
