"""The one task of the webhook engine: a delivery attempt (retries are new tasks or the sweeper)."""
from django_tasks import task


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    from .services import webhook_delivery_attempt

    delivery = webhook_delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else "skipped"
