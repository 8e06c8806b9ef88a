"""Named interface of the city site for other modules: the council's identity from the portal settings
(open data names the authority that publishes it). Modules import this file, never home.models."""
from wagtail.models import Site

from .models import PortalSettings


def council_name(*, request=None) -> str:
    """The council's name for the site of ``request``, else of the default site ("" when there is no site)."""
    if request is not None:
        return PortalSettings.for_request(request).council_name
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site).council_name if site else ""
