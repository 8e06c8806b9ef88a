"""Publishing a consultation announces its status at once (e.g. the final report) instead of waiting
for the next run of update_consultation_statuses."""
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ConsultationPage


@receiver(page_published, sender=ConsultationPage)
def announce_on_publish(sender, instance, **kwargs):
    from .services import consultation_announce_status

    consultation_announce_status(consultation=instance)
