"""Background work of the participation engine."""
from django_tasks import task


@task()
def deliver_notifications() -> int:
    """E-mail every due notification digest (enqueued after each event; also run periodically by cron)."""
    from .notifications import send_notification_emails

    return send_notification_emails()
