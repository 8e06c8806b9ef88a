"""Webhook events of e-petitions (the kernel's registry, cms.webhooks): a front end refreshes its copy."""
from django.utils.translation import gettext_lazy as _

from cms.webhooks import register_event

PETITION_PUBLISHED = register_event("petition.published", _("Petition published")).code
PETITION_ANSWERED = register_event("petition.answered", _("Petition answered")).code
